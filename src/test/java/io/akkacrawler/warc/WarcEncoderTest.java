package io.akkacrawler.warc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;

class WarcEncoderTest {
  private static final Instant DATE = Instant.parse("2026-12-01T21:30:00.123456Z");

  /** An exchange for tests: a GET of {@code uri} answered with these headers and body. */
  public static HttpExchange exchange(
      String uri,
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      WarcTruncationReason truncation)
      throws IOException {
    Map<String, List<String>> request = new LinkedHashMap<>();
    request.put("Accept", List.of("text/html"));
    request.put("User-Agent", List.of("test-agent/1"));
    return new HttpExchange(
        uri,
        DATE,
        InetAddress.getByName("127.0.0.1"),
        request,
        status,
        headers,
        body,
        body.length,
        truncation);
  }

  private static List<WarcRead> read(byte[]... members) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] m : members) {
      all.write(m);
    }
    return WarcRead.all(all.toByteArray());
  }

  @Test
  void encodesTheResponseAndTheRequestWithDigestsAsSeparateGzipMembers() throws IOException {
    byte[] body = "<html>hi</html>".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", List.of("text/html"));
    headers.put("transfer-encoding", List.of("chunked"));
    ArchivedExchange x =
        new WarcEncoder()
            .encode(
                exchange(
                    "http://127.0.0.1:8080/a?b=1",
                    200,
                    headers,
                    body,
                    WarcTruncationReason.NOT_TRUNCATED));
    // Each record is a gzip member that decompresses on its own.
    assertTrue(
        new String(new GZIPInputStream(new ByteArrayInputStream(x.response())).readAllBytes())
            .startsWith("WARC/1.1\r\n"));
    List<WarcRead> records = read(x.response(), x.request());
    WarcResponse response = (WarcResponse) records.get(0).record();
    WarcRequest request = (WarcRequest) records.get(1).record();
    HttpResponse http = records.get(0).response();
    assertEquals("http://127.0.0.1:8080/a?b=1", response.target());
    assertEquals(Instant.parse("2026-12-01T21:30:00.123Z"), response.date());
    assertEquals("127.0.0.1", response.ipAddress().orElseThrow().getHostAddress());
    assertEquals(List.of(request.id()), response.concurrentTo());
    assertEquals(List.of(response.id()), request.concurrentTo());
    assertEquals(x.responseId(), response.id());
    assertEquals(200, http.status());
    assertEquals("OK", http.reason());
    assertArrayEquals(body, records.get(0).payload());
    // The client removed the chunked coding: the header stays, under another name.
    assertFalse(http.headers().first("Transfer-Encoding").isPresent());
    assertEquals(Optional.of("chunked"), http.headers().first("X-Crawler-Transfer-Encoding"));
    assertEquals(
        new WarcDigest("sha1", WarcEncoder.sha1().digest(body)),
        response.payloadDigest().orElseThrow());
    assertTrue(response.payloadDigest().orElseThrow().prefixedBase32().startsWith("sha1:"));
    assertEquals(WarcTruncationReason.NOT_TRUNCATED, response.truncated());
    HttpRequest sent = records.get(1).request();
    assertEquals("GET /a?b=1 HTTP/1.1", sent.method() + " " + sent.target() + " " + sent.version());
    assertEquals(Optional.of("127.0.0.1:8080"), sent.headers().first("Host"));
    assertEquals(Optional.of("test-agent/1"), sent.headers().first("User-Agent"));
    assertTrue(x.dedupable());
  }

  @Test
  void aCutBodySaysSoAndIsNotDedupable() throws IOException {
    ArchivedExchange x =
        new WarcEncoder()
            .encode(
                exchange(
                    "http://h/big",
                    200,
                    Map.of("content-length", List.of("100")),
                    new byte[10],
                    WarcTruncationReason.LENGTH));
    WarcRead response = read(x.response()).get(0);
    assertEquals(WarcTruncationReason.LENGTH, response.record().truncated());
    assertEquals(10, response.payload().length);
    // The length the server declared is kept, under a name that does not mislead readers.
    assertEquals(Optional.empty(), response.response().headers().first("Content-Length"));
    assertEquals(
        Optional.of("100"), response.response().headers().first("X-Crawler-Content-Length"));
    assertFalse(x.dedupable());
  }

  @Test
  void anEmptyBodyIsNotDedupableAndAnUnknownStatusHasNoReason() throws IOException {
    ArchivedExchange x =
        new WarcEncoder()
            .encode(
                exchange(
                    "http://h/r",
                    299,
                    Map.of("location", List.of("/x")),
                    new byte[0],
                    WarcTruncationReason.NOT_TRUNCATED));
    assertFalse(x.dedupable());
    WarcRead response = read(x.response()).get(0);
    assertEquals(299, response.status());
    assertEquals(0, response.payload().length);
  }
}
