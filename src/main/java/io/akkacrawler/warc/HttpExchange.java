package io.akkacrawler.warc;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * One HTTP request and its response as the crawler's HTTP client saw them, kept for a WARC file.
 * The body is {@code body[0, length)} exactly as received (content encoding kept, chunked transfer
 * coding removed by the client); headers are as the client reports them.
 *
 * @param uri the URI requested (the WARC-Target-URI)
 * @param date when the request started
 * @param ip the server's address, or null when it is not known
 * @param requestHeaders the headers the crawler set on the request (Host follows from {@code uri})
 * @param status the response's status code
 * @param responseHeaders the response's headers (names in lower case, as the JDK client gives them)
 * @param truncation {@link WarcTruncationReason#NOT_TRUNCATED}, or why the body is incomplete
 */
public record HttpExchange(
    String uri,
    Instant date,
    InetAddress ip,
    Map<String, List<String>> requestHeaders,
    int status,
    Map<String, List<String>> responseHeaders,
    byte[] body,
    int length,
    WarcTruncationReason truncation) {

  public HttpExchange {
    requestHeaders = copy(requestHeaders);
    responseHeaders = copy(responseHeaders);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
    Map<String, List<String>> c = new LinkedHashMap<>();
    headers.forEach((name, values) -> c.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(c);
  }
}
