package io.akkacrawler.jmh;

import io.akkacrawler.url.ScopeMode;
import io.akkacrawler.url.WhatwgUrl;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The WHATWG parser on {@link UrlBenchmark}'s hrefs and base: resolving one href alone, and with
 * the same scope check, to compare with the resolve-and-normalize path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WhatwgUrlBenchmark {
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

  private WhatwgUrl base;
  private io.akkacrawler.url.Scope scope;
  private int next;

  @Setup
  public void setUp() {
    base = WhatwgUrl.parse("http://127.0.0.1:8080/s3/p3.html", (WhatwgUrl) null).orElseThrow();
    scope =
        new io.akkacrawler.url.Scope(
            ScopeMode.HOST, List.of("http://127.0.0.1:8080/"), List.of(), List.of("\\.pdf$"));
  }

  @Benchmark
  public String resolveHttp() {
    return WhatwgUrl.resolveHttp(HREFS[next++ % HREFS.length], base);
  }

  @Benchmark
  public boolean resolveHttpAndScope() {
    String url = WhatwgUrl.resolveHttp(HREFS[next++ % HREFS.length], base);
    return url != null && scope.allows(url);
  }
}
