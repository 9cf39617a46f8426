package io.akkacrawler.fetch;

import io.akkacrawler.url.UrlNormalizer;
import io.akkacrawler.warc.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches a document that is not a page (robots.txt, a sitemap) and follows its redirects itself,
 * up to a limit; the body is decoded (gzip, deflate) within the same size cap.
 */
public final class DocumentFetcher {
  /**
   * The last response of the chain and the URL it came from; {@code exchanges} are the chain's
   * exchanges in order when the crawl keeps WARC files (else none).
   */
  public record Document(
      String url, HttpResult response, byte[] body, int length, List<HttpExchange> exchanges) {
    public Document {
      exchanges = List.copyOf(exchanges);
    }

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
    return fetch(url, maxBytes, maxRedirects, List.of());
  }

  private CompletableFuture<Document> fetch(
      String url, long maxBytes, int maxRedirects, List<HttpExchange> before) {
    return http.fetchDocument(url, maxBytes)
        .thenCompose(
            r -> {
              List<HttpExchange> exchanges = before;
              if (r.exchange() != null) {
                exchanges = new ArrayList<>(before);
                exchanges.add(r.exchange());
              }
              if (r.status() >= 300
                  && r.status() < 400
                  && r.location() != null
                  && maxRedirects > 0) {
                String next = normalizer.resolve(normalizer.base(url), r.location());
                if (next != null) {
                  return fetch(next, maxBytes, maxRedirects - 1, exchanges);
                }
              }
              return CompletableFuture.completedFuture(decoded(url, r, maxBytes, exchanges));
            });
  }

  private static Document decoded(
      String url, HttpResult r, long maxBytes, List<HttpExchange> exchanges) {
    if (r.length() == 0 || r.status() < 200 || r.status() > 299) {
      return new Document(url, r, r.body(), r.length(), exchanges);
    }
    try {
      ContentDecoder.Decoded d =
          ContentDecoder.decode(r.body(), r.length(), r.contentEncoding(), maxBytes, r.truncated());
      return new Document(url, r, d.bytes(), d.length(), exchanges);
    } catch (java.io.IOException e) {
      // Not decodable: hand over the raw bytes; the parser will find them unusable.
      return new Document(url, r, r.body(), r.length(), exchanges);
    }
  }
}
