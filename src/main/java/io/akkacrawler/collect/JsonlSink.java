package io.akkacrawler.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.ResultSink;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes records as JSON Lines (one object per line, UTF-8) to a stream or a file. */
public final class JsonlSink implements ResultSink {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          // Records are buffered and flushed on the collector's schedule, not one by one.
          .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

  private final ObjectWriter writer = MAPPER.writerFor(CrawlRecord.class);
  private final OutputStream out;
  private final boolean closeStream;

  private JsonlSink(OutputStream out, boolean closeStream) {
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.closeStream = closeStream;
  }

  /** Writes to {@code path}, replacing the file. */
  public static JsonlSink toFile(Path path) throws IOException {
    return new JsonlSink(new FileOutputStream(path.toFile()), true);
  }

  /** Writes to a stream that the caller keeps open (for example standard output). */
  public static JsonlSink toStream(OutputStream stream) {
    return new JsonlSink(stream, false);
  }

  /** The shared mapper, configured for the record format (snake_case keys). */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  @Override
  public void accept(CrawlRecord record) throws IOException {
    writer.writeValue(out, record);
    out.write('\n');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
    if (closeStream) {
      out.close();
    }
  }
}
