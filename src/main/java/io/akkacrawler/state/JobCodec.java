package io.akkacrawler.state;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a queued job in the store: key = host id + job id (both big-endian, so that a
 * host's jobs are one contiguous range in admission order), value = the job's fields.
 */
public final class JobCodec {
  private static final int VERSION = 1;

  private JobCodec() {}

  /** A job as stored, with the record decided for it in advance, if any. */
  public record Stored(CrawlJob job, Reason presetReason, boolean presetFailed) {}

  public static byte[] key(long hostId, long jobId) {
    return ByteBuffer.allocate(16).putLong(hostId).putLong(jobId).array();
  }

  public static byte[] hostPrefix(long hostId) {
    return ByteBuffer.allocate(8).putLong(hostId).array();
  }

  public static long hostIdOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong(0);
  }

  public static long jobIdOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong(8);
  }

  public static byte[] encode(CrawlJob job, Reason presetReason, boolean presetFailed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + job.url().length() * 2);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(job.id());
      out.writeUTF(job.url());
      out.writeInt(job.depth());
      writeNullable(out, job.parent());
      writeNullable(out, job.fetchUrl().equals(job.url()) ? null : job.fetchUrl());
      out.writeShort(job.redirects().size());
      for (String r : job.redirects()) {
        out.writeUTF(r);
      }
      out.writeShort(job.attempt());
      out.writeShort(job.redispatches());
      writeNullable(out, presetReason == null ? null : presetReason.label(0));
      out.writeBoolean(presetFailed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Stored decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown job format " + version);
      }
      long id = in.readLong();
      String url = in.readUTF();
      int depth = in.readInt();
      String parent = readNullable(in);
      String fetchUrl = readNullable(in);
      int hops = in.readShort();
      List<String> redirects = new ArrayList<>(hops);
      for (int i = 0; i < hops; i++) {
        redirects.add(in.readUTF());
      }
      int attempt = in.readShort();
      int redispatches = in.readShort();
      String preset = readNullable(in);
      boolean presetFailed = in.readBoolean();
      CrawlJob job =
          new CrawlJob(
              id,
              url,
              depth,
              parent,
              fetchUrl == null ? url : fetchUrl,
              redirects,
              attempt,
              redispatches);
      return new Stored(job, Reason.ofLabel(preset), presetFailed);
    } catch (IOException e) {
      throw new IllegalStateException("corrupted job record", e);
    }
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
