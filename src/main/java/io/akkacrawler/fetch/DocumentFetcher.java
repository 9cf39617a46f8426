package io.akkacrawler.fetch;

import io.akkacrawler.url.UrlNormalizer;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches a document that is not a page (robots.txt, a sitemap) and follows its redirects itself,
 * up to a limit; the body is decoded (gzip, deflate) within the same size cap.
 */
public final class DocumentFetcher {
  /** The last response of the chain and the URL it came from. */
  public record Document(String url, HttpResult response, byte[] body, int length) {
    /** A 3xx that was not followed any further. */
    public boolean redirectedTooOften() {
      return response.status() >= 300 && response.status() < 400;
    }
  }

  private final HttpFetcher http;
  private final UrlNormalizer normalizer;

  public DocumentFetcher(HttpFetcher http, UrlNormalizer normalizer) {
    this.http = http;
    this.normalizer = normalizer;
  }

  /** Fetches {@code url}, following at most {@code maxRedirects} redirects. */
  public CompletableFuture<Document> fetch(String url, long maxBytes, int maxRedirects) {
    return http.fetchDocument(url, maxBytes)
        .thenCompose(
            r -> {
              if (r.status() >= 300
                  && r.status() < 400
                  && r.location() != null
                  && maxRedirects > 0) {
                String next = normalizer.resolve(normalizer.base(url), r.location());
                if (next != null) {
                  return fetch(next, maxBytes, maxRedirects - 1);
                }
              }
              return CompletableFuture.completedFuture(decoded(url, r, maxBytes));
            });
  }

  private static Document decoded(String url, HttpResult r, long maxBytes) {
    if (r.length() == 0 || r.status() < 200 || r.status() > 299) {
      return new Document(url, r, r.body(), r.length());
    }
    try {
      ContentDecoder.Decoded d =
          ContentDecoder.decode(r.body(), r.length(), r.contentEncoding(), maxBytes, r.truncated());
      return new Document(url, r, d.bytes(), d.length());
    } catch (java.io.IOException e) {
      // Not decodable: hand over the raw bytes; the parser will find them unusable.
      return new Document(url, r, r.body(), r.length());
    }
  }
}
