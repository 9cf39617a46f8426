package io.akkacrawler.jmh;

import io.akkacrawler.url.ScopeMode;
import io.akkacrawler.url.UrlNormalizer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Resolving and normalizing one href, then the scope check, as the fetchers do per link. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UrlBenchmark {
  private static final String[] HREFS = {
    "../s12/p345.html",
    "p17.html#section-2",
    "/s3/p99.html",
    "http://127.0.0.1:8080/s1/p5.html",
    "/search.html?q=lorem",
    "HTTP://Example.COM:80/a/./b/../c?z=1&a=2#top",
    "mailto:x@y.z",
    "/caf\u00e9/men\u00fc.html",
    "//cdn.example.com/lib.js",
    "?page=2"
  };

  private UrlNormalizer normalizer;
  private UrlNormalizer.Base base;
  private io.akkacrawler.url.Scope scope;
  private int next;

  @Setup
  public void setUp() {
    normalizer = new UrlNormalizer(2048);
    base = normalizer.base("http://127.0.0.1:8080/s3/p3.html");
    scope =
        new io.akkacrawler.url.Scope(
            ScopeMode.HOST, List.of("http://127.0.0.1:8080/"), List.of(), List.of("\\.pdf$"));
  }

  @Benchmark
  public boolean resolveNormalizeAndScope() {
    String url = normalizer.resolve(base, HREFS[next++ % HREFS.length]);
    return url != null && scope.allows(url);
  }
}
