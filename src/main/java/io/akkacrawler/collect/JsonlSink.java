package io.akkacrawler.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.ResultSink;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes records as JSON Lines (one object per line, UTF-8) to a stream or a file. */
public final class JsonlSink implements ResultSink {
  /** The generators' settings: records are buffered and flushed on the collector's schedule. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
          .build();

  /**
   * Data binding, built on first use: records are written field by field ({@link RecordJson}), and
   * only an extraction value of an unusual type needs it. Building it (about 500 classes) took a
   * tenth of a short crawl's start-up.
   */
  private static final class Shared {
    static final ObjectMapper MAPPER =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
  }

  private final CountingStream counter;
  private final OutputStream out;
  private final FileChannel channel;
  private final boolean closeStream;

  private JsonlSink(OutputStream out, long start, FileChannel channel, boolean closeStream) {
    this.counter = new CountingStream(out, start);
    this.out = new BufferedOutputStream(counter, 64 * 1024);
    this.channel = channel;
    this.closeStream = closeStream;
  }

  /** Writes to {@code path}, replacing the file. */
  public static JsonlSink toFile(Path path) throws IOException {
    return appendAt(path, 0);
  }

  /**
   * Writes to {@code path} from byte {@code offset} on: the file is created if missing and cut back
   * to {@code offset} (a resumed crawl drops what was written after its last commit).
   */
  public static JsonlSink appendAt(Path path, long offset) throws IOException {
    if (offset > 0 && !java.nio.file.Files.exists(path)) {
      throw new IOException(
          "it is missing, and the crawl had written "
              + offset
              + " bytes to it: put it back, or start a new crawl");
    }
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      lock(channel);
      if (channel.size() < offset) {
        throw new IOException(
            path
                + " is shorter ("
                + channel.size()
                + " bytes) than its committed length ("
                + offset
                + " bytes)");
      }
      channel.truncate(offset);
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new JsonlSink(Channels.newOutputStream(channel), offset, channel, true);
  }

  /**
   * Locks the output against another crawl that would write the same file (each would cut back and
   * overwrite the other's records), before anything is cut. The lock goes with the channel. A file
   * system without locks (some network ones) is written without.
   */
  private static void lock(FileChannel channel) throws IOException {
    java.nio.channels.FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // this process writes it already
    } catch (IOException e) {
      return; // no locks here
    }
    if (lock == null) {
      throw new IOException("another crawl is writing it");
    }
  }

  /**
   * Writes to a stream that the caller keeps open (for example standard output). A {@link
   * PrintStream} swallows write errors; they are checked after each write here, so that a closed
   * pipe or a full disk fails the crawl instead of going unnoticed.
   */
  public static JsonlSink toStream(OutputStream stream) {
    OutputStream target = stream instanceof PrintStream print ? new Checked(print) : stream;
    return new JsonlSink(target, 0, null, false);
  }

  /** A print stream whose errors are thrown again as {@link IOException}s. */
  private static final class Checked extends FilterOutputStream {
    private final PrintStream print;

    Checked(PrintStream print) {
      super(print);
      this.print = print;
    }

    @Override
    public void write(int b) throws IOException {
      print.write(b);
      check();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      print.write(b, off, len);
      check();
    }

    @Override
    public void flush() throws IOException {
      print.flush();
      check();
    }

    private void check() throws IOException {
      if (print.checkError()) {
        throw new IOException("the output stream is closed or cannot be written");
      }
    }
  }

  /** The shared mapper, configured for the record format (snake_case keys). */
  public static ObjectMapper mapper() {
    return Shared.MAPPER.copy();
  }

  private static ObjectMapper sharedMapper() {
    return Shared.MAPPER;
  }

  @Override
  public void accept(CrawlRecord record) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      RecordJson.write(g, record, JsonlSink::sharedMapper);
    }
    out.write('\n');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void sync() throws IOException {
    out.flush();
    if (channel != null) {
      channel.force(false);
    }
  }

  @Override
  public long position() {
    return channel == null ? -1 : counter.count;
  }

  /** Counts the bytes that reach the underlying stream. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out, long start) {
      super(out);
      this.count = start;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  @Override
  public void close() throws IOException {
    out.flush();
    if (closeStream) {
      out.close();
    }
  }
}
