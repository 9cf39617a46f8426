package io.akkacrawler.warc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;

/**
 * Encodes {@link HttpExchange}s as WARC/1.1 {@code response} and {@code request} records with
 * jwarc, SHA-1 block and payload digests (base32), each record gzip-compressed on its own. Runs
 * where the page is (a fetcher's thread), so the compression is spread over the cores. Not
 * thread-safe: one per actor (it reuses its compressor and buffer).
 */
public final class WarcEncoder {
  /**
   * Headers that would mislead a reader about the body kept are kept under this prefix, as
   * StormCrawler does: Transfer-Encoding (the JDK client removes the chunked coding from the body
   * it hands over) and, for a body cut short, a Content-Length that the block does not hold.
   */
  static final String HIDDEN_PREFIX = "X-Crawler-";

  /**
   * zlib's default level, as wget and Heritrix write: jwarc's own gzip writer takes level 9, which
   * cost half as much CPU again for files 0.5% smaller on the generated benchmark site.
   */
  static final int GZIP_LEVEL = 6;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

  /** The exchange as gzip-compressed records. */
  public ArchivedExchange encode(HttpExchange x) throws IOException {
    URI responseId = newId();
    URI requestId = newId();
    var date = x.date().truncatedTo(ChronoUnit.MILLIS);

    byte[] httpHeader = responseHeader(x);
    MessageDigest payload = sha1();
    payload.update(x.body(), 0, x.length());
    byte[] payloadSha1 = payload.digest();
    MessageDigest block = sha1();
    block.update(httpHeader);
    block.update(x.body(), 0, x.length());
    byte[] responseBlock = new byte[httpHeader.length + x.length()];
    System.arraycopy(httpHeader, 0, responseBlock, 0, httpHeader.length);
    System.arraycopy(x.body(), 0, responseBlock, httpHeader.length, x.length());
    WarcResponse.Builder response =
        new WarcResponse.Builder(x.uri())
            .version(MessageVersion.WARC_1_1)
            .recordId(responseId)
            .date(date)
            .concurrentTo(requestId)
            .blockDigest(new WarcDigest(block))
            .payloadDigest(new WarcDigest("sha1", payloadSha1))
            .truncated(x.truncation())
            .body(MediaType.HTTP_RESPONSE, responseBlock);
    if (x.ip() != null) {
      response.ipAddress(x.ip());
    }

    byte[] requestBlock = requestHeader(x);
    WarcRequest.Builder request =
        new WarcRequest.Builder(x.uri())
            .version(MessageVersion.WARC_1_1)
            .recordId(requestId)
            .date(date)
            .concurrentTo(responseId)
            .blockDigest(new WarcDigest("sha1", sha1(requestBlock)))
            .body(MediaType.HTTP_REQUEST, requestBlock);
    if (x.ip() != null) {
      request.ipAddress(x.ip());
    }
    return new ArchivedExchange(
        x.uri(),
        date,
        x.ip(),
        x.status(),
        responseId,
        requestId,
        gzip(response.build()),
        gzip(request.build()),
        payloadSha1,
        x.truncation() == WarcTruncationReason.NOT_TRUNCATED && x.length() > 0,
        httpHeader);
  }

  /** One record as one gzip member (jwarc writes the record, java.util.zip compresses it). */
  public byte[] gzip(WarcRecord record) throws IOException {
    buffer.reset();
    try (GZIPOutputStream gzip = new LevelledGzip(buffer)) {
      new WarcWriter(Channels.newChannel(gzip), WarcCompression.NONE).write(record);
    }
    return buffer.toByteArray();
  }

  /** A gzip stream at {@link #GZIP_LEVEL}; closing it frees its compressor. */
  private static final class LevelledGzip extends GZIPOutputStream {
    LevelledGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 16 * 1024);
      def.setLevel(GZIP_LEVEL);
    }
  }

  private static byte[] responseHeader(HttpExchange x) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String length = Integer.toString(x.length());
    x.responseHeaders()
        .forEach(
            (name, values) -> {
              boolean hide =
                  name.equalsIgnoreCase("transfer-encoding")
                      || (name.equalsIgnoreCase("content-length")
                          && !values.equals(List.of(length)));
              headers.put(hide ? HIDDEN_PREFIX + name : name, values);
            });
    return new HttpResponse.Builder(x.status(), reason(x.status()))
        .version(MessageVersion.HTTP_1_1)
        .addHeaders(headers)
        .build()
        .serializeHeader();
  }

  private static byte[] requestHeader(HttpExchange x) {
    return new HttpRequest.Builder("GET", URI.create(x.uri()))
        .version(MessageVersion.HTTP_1_1)
        .addHeaders(x.requestHeaders())
        .build()
        .serializeHeader();
  }

  private static URI newId() {
    return URI.create("urn:uuid:" + UUID.randomUUID());
  }

  static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  public static byte[] sha1(byte[] bytes) {
    return sha1().digest(bytes);
  }

  /**
   * The reason phrase of a status: the JDK client does not report the server's, so the status line
   * holds the standard one (RFC 9110), or none for a code without one.
   */
  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 203 -> "Non-Authoritative Information";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 410 -> "Gone";
      case 429 -> "Too Many Requests";
      case 451 -> "Unavailable For Legal Reasons";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
