package io.akkacrawler.collect;

import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.WarcEncoder;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * The payloads already in a crawl's WARC files, by SHA-1, with where their response record is (file
 * serial and offset, packed in a long: about 90 bytes a payload in memory). A payload seen again is
 * written as a {@code revisit} record that refers to that response's target URI, date and record
 * id, read back from the file when needed. Rebuilt from the files when a crawl resumes.
 */
final class PayloadIndex {
  /** Offsets below 1 TiB: the serial takes the bits above (WARC files are far smaller). */
  private static final int OFFSET_BITS = 40;

  /** The response a revisit refers to. */
  record Original(String uri, Instant date, URI id) {}

  private record Key(long a, long b, int c) {
    static Key of(byte[] sha1) {
      ByteBuffer b = ByteBuffer.wrap(sha1);
      return new Key(b.getLong(), b.getLong(), b.getInt());
    }
  }

  private final Path dir;
  private final Map<Key, Long> positions = new HashMap<>();

  PayloadIndex(Path dir) {
    this.dir = dir;
  }

  /** The payload {@code sha1} is in the response at {@code offset} of file {@code serial}. */
  void add(byte[] sha1, int serial, long offset) {
    positions.put(Key.of(sha1), ((long) serial << OFFSET_BITS) | offset);
  }

  /**
   * The response that holds payload {@code sha1} already, or null when none does (or it cannot be
   * read back any more: then the payload is written again, and indexed there).
   */
  Original original(byte[] sha1, IntFunction<String> fileName) {
    Key key = Key.of(sha1);
    Long packed = positions.get(key);
    if (packed == null) {
      return null;
    }
    Path file = dir.resolve(fileName.apply((int) (packed >>> OFFSET_BITS)));
    try (WarcReader reader = new WarcReader(file)) {
      reader.position(packed & ((1L << OFFSET_BITS) - 1));
      Optional<WarcRecord> record = reader.next();
      if (record.isPresent() && record.get() instanceof WarcResponse r) {
        return new Original(r.target(), r.date(), r.id());
      }
    } catch (IOException | RuntimeException unreadable) {
      // Fall through: the payload is written whole again.
    }
    positions.remove(key);
    return null;
  }

  /** The revisit record (gzip member) that stands for {@code x}'s response. */
  byte[] revisit(ArchivedExchange x, Original original, WarcEncoder encoder) throws IOException {
    WarcRevisit.Builder revisit =
        new WarcRevisit.Builder(x.uri(), WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1)
            .version(MessageVersion.WARC_1_1)
            .recordId(x.responseId())
            .date(x.date())
            .refersTo(original.id(), original.uri(), original.date())
            .concurrentTo(x.requestId())
            .payloadDigest(new WarcDigest("sha1", x.payloadSha1()))
            .blockDigest(new WarcDigest("sha1", WarcEncoder.sha1(x.httpHeader())))
            .body(MediaType.HTTP_RESPONSE, x.httpHeader());
    if (x.ip() != null) {
      revisit.ipAddress(x.ip());
    }
    return encoder.gzip(revisit.build());
  }

  /** Indexes the whole, non-empty payloads of the responses in {@code file}. */
  void addFile(Path file, int serial) throws IOException {
    try (WarcReader reader = new WarcReader(file)) {
      for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
        if (r.get() instanceof WarcResponse response
            && response.truncated() == WarcTruncationReason.NOT_TRUNCATED
            && response.payloadDigest().isPresent()
            && response.http().body().size() > 0) {
          positions.putIfAbsent(
              Key.of(response.payloadDigest().get().bytes()),
              ((long) serial << OFFSET_BITS) | reader.position());
        }
      }
    }
  }

  int size() {
    return positions.size();
  }
}
