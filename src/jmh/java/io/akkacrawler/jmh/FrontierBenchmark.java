package io.akkacrawler.jmh;

import com.typesafe.config.ConfigFactory;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.frontier.Frontier;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The frontier on its store: admitting a new URL, checking a seen one, and a dispatch cycle. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrontierBenchmark {
  private CrawlStore store;
  private Frontier frontier;
  private long n;

  @Setup(Level.Iteration)
  public void setUp() {
    CrawlSettings settings =
        CrawlSettings.load(
            ConfigFactory.parseString(
                    "crawler { robots.enabled = false, politeness { delay = 0, max-per-host = 0 }"
                        + " }")
                .withFallback(ConfigFactory.load()),
            List.of("http://host-0.example/"));
    store = CrawlStore.temporary();
    frontier = new Frontier(settings, UrlNormalizer::hostKey, store, 0);
    for (n = 0; n < 100_000; n++) {
      frontier.admit(url(n), 1, null);
    }
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    store.close();
  }

  private static String url(long i) {
    return "http://host-" + (i % 100) + ".example/section/page-" + i + ".html";
  }

  @Benchmark
  public Frontier.Admission enqueueNewUrl() {
    return frontier.admit(url(n++), 1, null);
  }

  @Benchmark
  public boolean seenCheckOfAKnownUrl() {
    return frontier.seen(url(n++ % 100_000));
  }

  @Benchmark
  public boolean dequeueAndComplete() {
    Frontier.Work w = frontier.poll(0);
    if (w == null) {
      frontier.admit(url(n++), 1, null);
      return false;
    }
    Frontier.FetchPage page = (Frontier.FetchPage) w;
    return frontier.complete(page.job().id(), 0, Feedback.NONE);
  }
}
