package io.akkacrawler.jmh;

import io.akkacrawler.bench.SiteGenerator;
import io.akkacrawler.config.ParseSettings;
import io.akkacrawler.parse.PageParser;
import io.akkacrawler.url.UrlNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** jsoup parsing + link extraction of the benchmark site's pages, from memory. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBenchmark {
  private static final String ORIGIN = "http://127.0.0.1:8080";
  private byte[][] pages;
  private String[] urls;
  private PageParser parser;
  private int next;

  @Setup
  public void setUp() {
    SiteGenerator site = new SiteGenerator(200, 20 * 1024, ORIGIN);
    pages = new byte[200][];
    urls = new String[200];
    for (int i = 0; i < 200; i++) {
      pages[i] = site.html(i).getBytes(StandardCharsets.UTF_8);
      urls[i] = ORIGIN + SiteGenerator.path(i);
    }
    parser = new PageParser(new ParseSettings(5000, List.of()), new UrlNormalizer(2048));
  }

  /** One page (median ~20 KB) parsed with its links resolved and normalized. */
  @Benchmark
  public int parsePage() {
    int i = next++ % pages.length;
    return parser.parse(pages[i], pages[i].length, "utf-8", urls[i]).links().size();
  }
}
