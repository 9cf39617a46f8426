package io.akkacrawler.fetch;

import io.akkacrawler.warc.HttpExchange;
import java.util.List;

/**
 * What came back for one HTTP request: the status, the headers the crawler uses, and the body as
 * far as it was read (possibly cut off, or not read at all when the crawler did not want it); with
 * the whole exchange as received when the crawl keeps WARC files ({@code exchange}, else null).
 *
 * @param received the body's bytes that came off the wire, kept in {@code body} or not (an error
 *     status's body is read to reuse the connection, and not kept)
 * @param setCookies the response's {@code Set-Cookie} headers (empty when cookies are off)
 */
public record HttpResult(
    int status,
    String contentType,
    String contentEncoding,
    String location,
    String retryAfter,
    long contentLength,
    byte[] body,
    int length,
    long received,
    boolean truncated,
    BodyMode mode,
    long elapsedMs,
    String robotsTag,
    String refresh,
    List<String> setCookies,
    HttpExchange exchange) {

  public HttpResult {
    setCookies = List.copyOf(setCookies);
  }

  /** A response that set no cookie, without its exchange (a crawl without WARC files). */
  public HttpResult(
      int status,
      String contentType,
      String contentEncoding,
      String location,
      String retryAfter,
      long contentLength,
      byte[] body,
      int length,
      boolean truncated,
      BodyMode mode,
      long elapsedMs,
      String robotsTag) {
    this(
        status,
        contentType,
        contentEncoding,
        location,
        retryAfter,
        contentLength,
        body,
        length,
        length,
        truncated,
        mode,
        elapsedMs,
        robotsTag,
        null,
        List.of(),
        null);
  }

  /** Why the body holds what it holds. */
  public enum BodyMode {
    /** The body was read (up to the size cap) to be parsed. */
    KEPT,
    /** A 2xx response whose Content-Type is not HTML: not read. */
    NOT_HTML,
    /** A 2xx response whose Content-Length exceeds the size cap: not read. */
    TOO_LARGE,
    /**
     * Not a 2xx response: read and thrown away (up to a small cap) so the connection can be reused.
     */
    DISCARDED
  }
}
