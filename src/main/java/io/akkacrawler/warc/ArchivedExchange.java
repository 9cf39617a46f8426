package io.akkacrawler.warc;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;

/**
 * An HTTP exchange encoded as WARC records, each a gzip member of its own, ready to be appended to
 * a WARC file: the {@code response} record and the {@code request} record (concurrent to it). What
 * a revisit record needs, should the payload turn out to be one seen before, comes along.
 *
 * @param responseId the response's WARC-Record-ID (a revisit in its place keeps it)
 * @param payloadSha1 SHA-1 of the payload (the body as received), 20 bytes
 * @param dedupable the payload is whole and not empty: an identical one later is a revisit
 * @param httpHeader the response's status line and headers (a revisit's block)
 */
public record ArchivedExchange(
    String uri,
    Instant date,
    InetAddress ip,
    int status,
    URI responseId,
    URI requestId,
    byte[] response,
    byte[] request,
    byte[] payloadSha1,
    boolean dedupable,
    byte[] httpHeader) {

  /** Bytes this exchange adds to a WARC file as response + request. */
  public long size() {
    return (long) response.length + request.length;
  }
}
