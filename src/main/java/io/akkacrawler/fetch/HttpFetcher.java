package io.akkacrawler.fetch;

import io.akkacrawler.config.FetchSettings;
import io.akkacrawler.fetch.HttpResult.BodyMode;
import io.akkacrawler.warc.HttpExchange;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * Non-blocking HTTP GET with the crawler's rules: HTTP/1.1, no automatic redirects, gzip/deflate
 * asked for, a body size cap and a deadline over the whole request (the JDK's request timeout only
 * bounds the wait for the headers, so a body trickled byte by byte would otherwise never end). One
 * instance serves a whole crawl; {@link #close()} stops its deadline timer thread. For a crawl that
 * keeps WARC files it also keeps each exchange as received ({@link HttpResult#exchange()}).
 */
public final class HttpFetcher implements AutoCloseable {
  private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

  private final HttpClient client;
  private final FetchSettings settings;
  private final ScheduledThreadPoolExecutor deadlines;
  private final boolean keepExchanges;

  public HttpFetcher(FetchSettings settings) {
    this(settings, false);
  }

  /**
   * @param keepExchanges keep every exchange whole (request headers, response headers, the body as
   *     received, error statuses' bodies included) for WARC files
   */
  public HttpFetcher(FetchSettings settings, boolean keepExchanges) {
    this.settings = settings;
    this.keepExchanges = keepExchanges;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout())
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "crawler-request-deadlines");
              t.setDaemon(true);
              return t;
            });
    // Most requests finish long before their deadline: drop their cancelled timers at once.
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /**
   * Starts a GET of {@code url}. The future completes with the response, or exceptionally with the
   * I/O error, {@link java.net.http.HttpTimeoutException} or {@link RequestDeadlineException}.
   */
  public CompletableFuture<HttpResult> fetch(String url) {
    return fetch(url, new BodyCollector(settings.maxBodyBytes(), false, keepExchanges));
  }

  /**
   * Like {@link #fetch(String)} for a document that is not a page (robots.txt, a sitemap): the body
   * is read whatever its type, up to {@code maxBytes}.
   */
  public CompletableFuture<HttpResult> fetchDocument(String url, long maxBytes) {
    return fetch(url, new BodyCollector(maxBytes, true, keepExchanges));
  }

  private CompletableFuture<HttpResult> fetch(String url, BodyCollector collector) {
    long start = System.nanoTime();
    Instant date = Instant.now();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(settings.requestTimeout())
              .header("User-Agent", settings.userAgent())
              .header("Accept", ACCEPT)
              .header("Accept-Encoding", "gzip, deflate")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new BadUrlException(e));
    }
    CompletableFuture<HttpResult> result = new CompletableFuture<>();
    CompletableFuture<HttpResponse<BodyCollector.Body>> exchange;
    try {
      exchange = client.sendAsync(request, collector);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new BadUrlException(e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              // Completed first, so that the cancellation below cannot win with its own error.
              if (result.completeExceptionally(new RequestDeadlineException())) {
                collector.abort();
                exchange.cancel(true);
              }
            },
            settings.requestTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    exchange.whenComplete(
        (response, failure) -> {
          deadline.cancel(false);
          if (failure != null) {
            result.completeExceptionally(unwrap(failure));
          } else {
            result.complete(toResult(response, start, date));
          }
        });
    return result;
  }

  private HttpResult toResult(HttpResponse<BodyCollector.Body> response, long start, Instant date) {
    BodyCollector.Body body = response.body();
    var headers = response.headers();
    HttpExchange exchange = keepExchanges ? exchange(response, date) : null;
    // An error status's body is kept for the WARC file only: the record counts it as before.
    boolean kept = body.mode() != BodyMode.DISCARDED;
    return new HttpResult(
        response.statusCode(),
        headers.firstValue("content-type").orElse(null),
        headers.firstValue("content-encoding").orElse(null),
        headers.firstValue("location").orElse(null),
        headers.firstValue("retry-after").orElse(null),
        contentLength(headers),
        kept ? body.bytes() : new byte[0],
        kept ? body.length() : 0,
        kept ? body.truncated() : body.truncated() || body.length() > BodyCollector.DISCARD_CAP,
        body.mode(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        headers.allValues("x-robots-tag").isEmpty()
            ? null
            : String.join("\n", headers.allValues("x-robots-tag")),
        exchange);
  }

  /**
   * The exchange as the client saw it. The client does not tell the peer's address: it is looked up
   * again here, which the JVM answers from the cache of the client's own look-up a moment ago (an
   * IP literal needs no look-up); null if that fails.
   */
  private static HttpExchange exchange(HttpResponse<BodyCollector.Body> response, Instant date) {
    BodyCollector.Body body = response.body();
    URI uri = response.request().uri();
    Map<String, List<String>> sent = new LinkedHashMap<>(response.request().headers().map());
    WarcTruncationReason truncation =
        switch (body.mode()) {
          case NOT_HTML -> WarcTruncationReason.UNSPECIFIED;
          case TOO_LARGE -> WarcTruncationReason.LENGTH;
          default ->
              body.truncated() ? WarcTruncationReason.LENGTH : WarcTruncationReason.NOT_TRUNCATED;
        };
    return new HttpExchange(
        uri.toString(),
        date,
        addressOf(uri.getHost()),
        sent,
        response.statusCode(),
        response.headers().map(),
        body.bytes(),
        body.length(),
        truncation);
  }

  private static InetAddress addressOf(String host) {
    try {
      return host == null ? null : InetAddress.getByName(host);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static long contentLength(java.net.http.HttpHeaders headers) {
    try {
      return headers.firstValueAsLong("content-length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }
}
