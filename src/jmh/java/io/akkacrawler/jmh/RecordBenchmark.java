package io.akkacrawler.jmh;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.akkacrawler.collect.JsonlSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Writing one typical output record (55 links, a few buttons) as a JSON line. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordBenchmark {
  private JsonlSink sink;
  private CrawlRecord record;

  @Setup
  public void setUp() {
    sink = JsonlSink.toStream(OutputStream.nullOutputStream());
    List<String> links = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      links.add("http://127.0.0.1:8080/s" + (i % 100) + "/p" + (i * 37) + ".html");
    }
    record =
        new CrawlRecord(
            "http://127.0.0.1:8080/s1/p1.html",
            "http://127.0.0.1:8080/s1/p1.html",
            Outcome.FETCHED,
            null,
            200,
            3,
            "http://127.0.0.1:8080/index.html",
            "text/html; charset=utf-8",
            21_345,
            4,
            "Page 1 - synthetic site",
            "http://127.0.0.1:8080/s1/p1.html",
            links,
            List.of("btn-1-0", "btn-1-1"),
            Map.of(),
            false,
            false,
            false,
            1,
            List.of(),
            null);
  }

  @Benchmark
  public void writeRecord() throws IOException {
    sink.accept(record);
  }
}
