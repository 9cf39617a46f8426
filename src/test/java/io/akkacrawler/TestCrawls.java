package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.FetchInterceptor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Runs crawls through the public API for tests, with settings that keep them quick. */
public final class TestCrawls {
  /** Short timeouts and back-off so that failure cases finish in a second or two. */
  public static final String FAST =
      "crawler { retry.base-delay = 20ms, retry.max-delay = 200ms, fetch.request-timeout = 2s,"
          + " fetch.connect-timeout = 1s, dispatch-deadline = 5s, progress.interval-tty = 1s,"
          + " politeness { delay = 0, max-per-host = 0, throttle-pause = 100ms,"
          + " breaker-pause = 100ms }, robots.retry-pause = 100ms }";

  private TestCrawls() {}

  public static Config config(String hocon) {
    return ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.parseString(FAST))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  public static CrawlSettings settings(String hocon, String... seeds) {
    return CrawlSettings.load(config(hocon), Arrays.asList(seeds));
  }

  /** Runs a crawl to its end (at most 60 s) and returns every record and the summary. */
  public static Result crawl(CrawlSettings settings) {
    return crawl(settings, FetchInterceptor.NONE);
  }

  public static Result crawl(CrawlSettings settings, FetchInterceptor interceptor) {
    ListSink sink = new ListSink();
    try {
      CrawlSummary summary =
          Crawler.of(settings)
              .sink(sink)
              .interceptor(interceptor)
              .start()
              .completion()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      return new Result(sink.records, summary, sink.closed);
    } catch (Exception e) {
      throw new AssertionError("crawl did not finish: " + e, e);
    }
  }

  /**
   * Keeps records in memory; called by the collector, one call at a time, and safe to read from the
   * test's thread meanwhile.
   */
  public static final class ListSink implements ResultSink {
    final List<CrawlRecord> records = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    /** The records so far. */
    public List<CrawlRecord> records() {
      return List.copyOf(records);
    }

    @Override
    public void accept(CrawlRecord record) {
      records.add(record);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A finished crawl. */
  public record Result(List<CrawlRecord> records, CrawlSummary summary, boolean sinkClosed) {
    /** The record of each URL; fails if a URL has two records. */
    public Map<String, CrawlRecord> byUrl() {
      Map<String, CrawlRecord> map = new HashMap<>();
      for (CrawlRecord r : records) {
        if (map.put(r.url(), r) != null) {
          throw new AssertionError("two records for " + r.url());
        }
      }
      return map;
    }

    public CrawlRecord only(String url) {
      CrawlRecord r = byUrl().get(url);
      if (r == null) {
        throw new AssertionError("no record for " + url + " among " + urls());
      }
      return r;
    }

    public List<String> urls() {
      return records.stream().map(CrawlRecord::url).sorted().toList();
    }

    public Map<Outcome, Long> outcomes() {
      return records.stream()
          .collect(Collectors.groupingBy(CrawlRecord::outcome, Collectors.counting()));
    }

    /** Asserts that every URL appears exactly once. */
    public void assertNoDuplicates() {
      assertEquals(records.size(), byUrl().size(), "duplicate records");
    }

    public <T> Map<String, T> field(Function<CrawlRecord, T> f) {
      return records.stream().collect(Collectors.toMap(CrawlRecord::url, f));
    }
  }
}
