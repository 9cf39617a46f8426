package io.akkacrawler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Crawler;
import io.akkacrawler.collect.JsonlSink;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.HttpFetcher;
import io.akkacrawler.fetch.HttpResult;
import io.akkacrawler.parse.PageParser;
import io.akkacrawler.state.StateDirectory;
import io.akkacrawler.url.UrlNormalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured benchmark run, in a JVM of its own so that its CPU time, peak RSS and GC time are
 * its alone. Prints one line, {@code RESULT <json>}, for the bench command to read.
 *
 * <pre>
 * fetch URLS_FILE CONCURRENCY           GET every URL, bodies discarded (the fetch-only ceiling)
 * parse ROOT ORIGIN THREADS PATHS_FILE  jsoup + link extraction from memory (the parse ceiling,
 *                                       over the first 160 MB of pages)
 * crawl ENTRY OUTPUT STATE|- IN_FLIGHT  the crawler itself, politeness off, robots.txt on
 * </pre>
 */
public final class BenchRun {
  static final String PREFIX = "RESULT ";

  /** The parse ceiling parses the site's first pages up to this many bytes, from memory. */
  private static final long MAX_PARSE_BYTES = 160L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchRun() {}

  public static void main(String[] args) throws Exception {
    HttpFetcher.poolCompletions(); // as the crawl command does
    RunResult result =
        switch (args[0]) {
          case "fetch" -> fetch(Files.readAllLines(Path.of(args[1])), Integer.parseInt(args[2]));
          case "parse" ->
              parse(
                  Path.of(args[1]),
                  args[2],
                  Integer.parseInt(args[3]),
                  Files.readAllLines(Path.of(args[4])));
          case "crawl" -> crawl(args[1], Path.of(args[2]), args[3], Integer.parseInt(args[4]));
          default -> throw new IllegalArgumentException("unknown run " + args[0]);
        };
    System.out.println(PREFIX + JSON.writeValueAsString(result));
    System.exit(0);
  }

  private static CrawlSettings settings(int inFlight, List<String> seeds) {
    Config config =
        ConfigFactory.parseString(
                // prefix: the seed's directory, as for the peers (wget -np, the Python crawler)
                "crawler { scope = prefix, politeness { delay = 0, max-per-host = "
                    + inFlight
                    + " }, max-in-flight = "
                    + inFlight
                    + " }")
            .withFallback(ConfigFactory.load());
    return CrawlSettings.load(config, seeds);
  }

  private static RunResult fetch(List<String> urls, int concurrency) throws Exception {
    CrawlSettings settings = settings(concurrency, List.of(urls.get(0)));
    try (HttpFetcher http = new HttpFetcher(settings.fetch())) {
      AtomicInteger next = new AtomicInteger();
      AtomicLong bytes = new AtomicLong();
      AtomicLong pages = new AtomicLong();
      CountDownLatch done = new CountDownLatch(concurrency);
      long cpu = ProcessStats.cpuNanos();
      long start = System.nanoTime();
      for (int c = 0; c < concurrency; c++) {
        chain(http, urls, next, bytes, pages, done);
      }
      done.await(10, TimeUnit.MINUTES);
      return result("fetch-only", pages.get(), bytes.get(), start, cpu);
    }
  }

  /** Fetches the next URL each time the previous one is done, until none is left. */
  private static void chain(
      HttpFetcher http,
      List<String> urls,
      AtomicInteger next,
      AtomicLong bytes,
      AtomicLong pages,
      CountDownLatch done) {
    int i = next.getAndIncrement();
    if (i >= urls.size()) {
      done.countDown();
      return;
    }
    CompletableFuture<HttpResult> f = http.fetch(urls.get(i));
    f.whenComplete(
        (r, t) -> {
          if (r != null) {
            bytes.addAndGet(r.length());
            pages.incrementAndGet();
          }
          chain(http, urls, next, bytes, pages, done);
        });
  }

  private static RunResult parse(Path root, String origin, int threads, List<String> paths)
      throws Exception {
    List<byte[]> bodies = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    long held = 0;
    for (String p : paths) {
      if (held > MAX_PARSE_BYTES) {
        break; // a rate needs no more: keep the heap for the parsing
      }
      byte[] body = Files.readAllBytes(root.resolve(p.substring(1)));
      bodies.add(body);
      urls.add(origin + p);
      held += body.length;
    }
    UrlNormalizer normalizer = new UrlNormalizer(2048);
    PageParser parser = new PageParser(settings(1, List.of(origin + "/")).parse(), normalizer);
    AtomicLong bytes = new AtomicLong();
    AtomicLong links = new AtomicLong();
    long cpu = ProcessStats.cpuNanos();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread w =
          new Thread(
              () -> {
                for (int i = first; i < bodies.size(); i += threads) {
                  byte[] body = bodies.get(i);
                  links.addAndGet(
                      parser.parse(body, body.length, null, urls.get(i)).links().size());
                  bytes.addAndGet(body.length);
                }
              });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    return result("parse-only", bodies.size(), bytes.get(), start, cpu);
  }

  private static RunResult crawl(String entry, Path output, String state, int inFlight)
      throws Exception {
    CrawlSettings settings = settings(inFlight, List.of(entry));
    long cpu = ProcessStats.cpuNanos();
    long start = System.nanoTime();
    CrawlSummary summary;
    if ("-".equals(state)) {
      summary =
          Crawler.of(settings)
              .sink(JsonlSink.toFile(output))
              .start()
              .completion()
              .toCompletableFuture()
              .get(30, TimeUnit.MINUTES);
    } else {
      try (StateDirectory dir =
          StateDirectory.create(Path.of(state), "{}", List.of(entry), output)) {
        summary =
            Crawler.of(settings)
                .sink(JsonlSink.toFile(output))
                .store(dir.store())
                .start()
                .completion()
                .toCompletableFuture()
                .get(30, TimeUnit.MINUTES);
      }
    }
    return result(
        "-".equals(state) ? "crawl" : "crawl --state",
        summary.records(),
        summary.bytes(),
        start,
        cpu);
  }

  private static RunResult result(String run, long pages, long bytes, long start, long cpu) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMs = (ProcessStats.cpuNanos() - cpu) / 1e6;
    return new RunResult(
        run, pages, bytes, seconds, cpuMs, ProcessStats.peakRssKb(), ProcessStats.gcMillis(), null);
  }
}
