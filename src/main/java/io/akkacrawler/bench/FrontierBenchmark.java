package io.akkacrawler.bench;

import com.typesafe.config.ConfigFactory;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.frontier.Frontier;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the frontier on its store: enqueue, seen-check and dequeue rates for N URLs spread over
 * H hosts, the heap it needs, and the store's size on disk. Single-threaded, as the supervisor uses
 * it.
 */
public final class FrontierBenchmark {
  private final long urls;
  private final int hosts;
  private final Path dir;
  private final PrintStream out;

  public FrontierBenchmark(long urls, int hosts, Path dir, PrintStream out) {
    this.urls = urls;
    this.hosts = hosts;
    this.dir = dir;
    this.out = out;
  }

  private String url(long i) {
    return "http://host-"
        + (i % hosts)
        + ".example/section/"
        + (i / hosts % 97)
        + "/page-"
        + i
        + ".html";
  }

  public void run() throws Exception {
    CrawlSettings settings =
        CrawlSettings.load(
            ConfigFactory.parseString(
                    "crawler { robots.enabled = false, politeness { delay = 0, max-per-host = 0 }"
                        + " }")
                .withFallback(ConfigFactory.load()),
            List.of("http://host-0.example/"));
    Files.createDirectories(dir);
    try (CrawlStore store = CrawlStore.open(dir.resolve("store"))) {
      Frontier frontier = new Frontier(settings, UrlNormalizer::hostKey, store, 0);
      out.printf(
          Locale.ROOT,
          "Frontier benchmark: %,d URLs over %,d hosts, store in %s, max heap" + " %,d MB%n",
          urls,
          hosts,
          dir,
          Runtime.getRuntime().maxMemory() >> 20);

      long start = System.nanoTime();
      for (long i = 0; i < urls; i++) {
        frontier.admit(url(i), 1, null);
        if (i % 100_000 == 0) {
          store.commit();
        }
      }
      store.commit();
      report("enqueue", urls, start);
      out.printf(
          Locale.ROOT,
          "  queued %,d; heap after enqueue %,d MB%n",
          frontier.queued(),
          usedHeapAfterGc() >> 20);

      long checks = Math.min(urls, 2_000_000);
      start = System.nanoTime();
      long found = 0;
      for (long i = 0; i < checks; i++) {
        // Half of them seen (spread over the whole crawl), half new.
        long n = i % 2 == 0 ? (i * 7919) % urls : urls + i;
        if (frontier.seen(url(n))) {
          found++;
        }
      }
      report("seen-check (" + found + " seen)", checks, start);

      start = System.nanoTime();
      long dequeued = 0;
      List<Long> done = new ArrayList<>();
      for (Frontier.Work w = frontier.poll(0); w != null; w = frontier.poll(0)) {
        Frontier.FetchPage page = (Frontier.FetchPage) w;
        frontier.complete(page.job().id(), 0, Feedback.NONE);
        done.add(page.job().id());
        if (done.size() == 10_000) {
          frontier.commit(dequeued, done);
          done.clear();
        }
        dequeued++;
      }
      frontier.commit(dequeued, done);
      report("dequeue + complete + commit", dequeued, start);
      out.printf(
          Locale.ROOT,
          "  store on disk %,d MB; peak heap %,d MB%n",
          store.diskBytes() >> 20,
          peakHeap() >> 20);
    }
  }

  private void report(String what, long n, long startNanos) {
    double s = (System.nanoTime() - startNanos) / 1e9;
    out.printf(Locale.ROOT, "  %-34s %,12d in %7.1f s = %,10.0f /s%n", what, n, s, n / s);
  }

  private static long usedHeapAfterGc() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
