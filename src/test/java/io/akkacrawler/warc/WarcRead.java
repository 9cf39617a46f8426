package io.akkacrawler.warc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * Reads WARC records back with jwarc for tests, checking each record's block digest and, for a
 * response, its payload digest; keeps what the tests look at (jwarc's records are only readable
 * until the next one is read).
 */
public record WarcRead(
    WarcRecord record,
    long offset,
    byte[] block,
    HttpResponse response,
    HttpRequest request,
    byte[] payload) {

  public String type() {
    return record.type();
  }

  public String target() {
    return record.headers().first("WARC-Target-URI").orElse(null);
  }

  public int status() {
    return response == null ? -1 : response.status();
  }

  /** Every record of a WARC file (or of concatenated gzip members), digests checked. */
  public static List<WarcRead> all(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return all(in);
    }
  }

  public static List<WarcRead> all(byte[] warc) throws IOException {
    return all(new ByteArrayInputStream(warc));
  }

  private static List<WarcRead> all(InputStream in) throws IOException {
    List<WarcRead> records = new ArrayList<>();
    try (WarcReader reader = new WarcReader(in)) {
      for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
        records.add(of(r.get(), reader.position()));
      }
    }
    return records;
  }

  private static WarcRead of(WarcRecord record, long offset) throws IOException {
    // http() parses the header and pushes it back: the body still reads as the whole block.
    HttpResponse response = null;
    HttpRequest request = null;
    int header = 0;
    if (record instanceof WarcResponse r) {
      response = r.http();
    } else if (record instanceof WarcRevisit r) {
      response = r.http();
    } else if (record instanceof WarcRequest r) {
      request = r.http();
    }
    if (response != null) {
      header = response.serializeHeader().length;
    } else if (request != null) {
      header = request.serializeHeader().length;
    }
    byte[] block = record.body().stream().readAllBytes();
    assertEquals(
        record.blockDigest().orElseThrow(() -> new AssertionError("no block digest: " + record)),
        new WarcDigest("sha1", sha1(block)),
        "block digest of " + record);
    byte[] payload = Arrays.copyOfRange(block, header, block.length);
    if (record instanceof WarcResponse r) {
      assertEquals(
          r.payloadDigest().orElseThrow(),
          new WarcDigest("sha1", sha1(payload)),
          "payload digest of " + record);
    }
    return new WarcRead(record, offset, block, response, request, payload);
  }

  static byte[] sha1(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
