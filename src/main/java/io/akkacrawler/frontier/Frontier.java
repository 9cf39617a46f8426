package io.akkacrawler.frontier;

import io.akkacrawler.HostReport;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.PolitenessSettings;
import io.akkacrawler.config.RobotsSettings;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The crawl's to-do list, owned by exactly one actor: the seen set, one FIFO queue per host, the
 * hosts ordered by when they may next be asked (so a slow or paused host never holds up the
 * others), robots.txt per host, retries waiting for their time, and what is in flight with its
 * deadline. Plain class, single-threaded, no I/O; all times are milliseconds of one monotonic
 * clock chosen by the caller.
 */
public final class Frontier {
  /** What became of a URL offered to the frontier. */
  public enum Admission {
    ADMITTED,
    DUPLICATE,
    OVER_LIMIT
  }

  /** Something to do now, handed out by {@link #poll}. */
  public sealed interface Work {}

  /** Fetch a page. */
  public record FetchPage(CrawlJob job, long dispatchId) implements Work {}

  /** Fetch the robots.txt of {@code host}. */
  public record FetchRobots(String host, long dispatchId) implements Work {}

  /** Fetch one sitemap file of {@code host}. */
  public record FetchSitemap(String host, String url, long dispatchId) implements Work {}

  /**
   * Record the job without fetching it ({@code reason}: robots, robots-unavailable,
   * host-unreachable); it is outstanding until {@link #complete} is called.
   */
  public record Skip(CrawlJob job, String reason, boolean failed) implements Work {}

  private final CrawlSettings settings;
  private final PolitenessSettings politeness;
  private final RobotsSettings robots;
  private final Function<String, String> hostKeyOf;

  private final Set<String> seen = new HashSet<>();
  private final Set<String> sitemapsSeen = new HashSet<>();
  private final Map<String, HostQueue> hosts = new HashMap<>();
  private final TreeSet<HostQueue> ready =
      new TreeSet<>(
          Comparator.comparingLong((HostQueue h) -> h.nextAllowedAt)
              .thenComparingLong(h -> h.turn)
              .thenComparing(h -> h.key));
  private final ArrayDeque<Skip> skips = new ArrayDeque<>();
  private final PriorityQueue<Waiting> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Waiting::notBefore));
  private final Map<Long, Waiting> waitingById = new HashMap<>();
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private final Map<Long, Task> tasks = new HashMap<>();

  private long nextJobId = 1;
  private long nextDispatchId = 1;
  private long nextTurn = 1;
  private long admitted;
  private int queued;
  private int dispatched;
  private int pendingSitemaps;
  private long robotsFetches;
  private long sitemapFetches;

  public Frontier(CrawlSettings settings, Function<String, String> hostKeyOf) {
    this.settings = settings;
    this.politeness = settings.politeness();
    this.robots = settings.robots();
    this.hostKeyOf = hostKeyOf;
  }

  // ---- admission ----

  /** Offers a normalized URL; an admitted one is queued behind the others of its host. */
  public Admission admit(String url, int depth, String parent) {
    if (seen.contains(url)) {
      return Admission.DUPLICATE;
    }
    if (settings.maxPages() > 0 && admitted >= settings.maxPages()) {
      return Admission.OVER_LIMIT;
    }
    seen.add(url);
    admitted++;
    enqueue(CrawlJob.of(nextJobId++, url, depth, parent), false);
    return Admission.ADMITTED;
  }

  /**
   * Registers a URL that gets a record without being fetched (for example a seed beyond the page
   * limit): it counts as outstanding until {@link #complete} is called for it.
   */
  public CrawlJob admitUnfetched(String url, int depth, String parent) {
    seen.add(url);
    CrawlJob job = CrawlJob.of(nextJobId++, url, depth, parent);
    awaitRecord(job);
    return job;
  }

  /** Marks a URL as seen (a redirect target); false when it already was. */
  public boolean claim(String url) {
    return seen.add(url);
  }

  /** Whether the URL was admitted, claimed or registered before. */
  public boolean seen(String url) {
    return seen.contains(url);
  }

  /** Queues sitemap files (from robots.txt or a sitemap index), each once, within the per-host cap. */
  public void addSitemaps(List<String> urls) {
    for (String url : urls) {
      HostQueue host = host(hostKeyOf.apply(url));
      if (host.sitemapFiles < settings.sitemaps().maxFilesPerHost() && sitemapsSeen.add(url)) {
        host.sitemapFiles++;
        host.sitemaps.add(url);
        pendingSitemaps++;
        unready(host);
        reindex(host);
      }
    }
  }

  // ---- dispatch ----

  /**
   * The next thing to do at {@code now}: a skip decided without a request, or a request to a host
   * whose turn has come (registered as in flight until {@code now + deadline}); null when nothing
   * is ready.
   */
  public Work poll(long now) {
    promoteWaiting(now);
    if (!skips.isEmpty()) {
      Skip skip = skips.poll();
      awaitRecord(skip.job());
      return skip;
    }
    while (!ready.isEmpty() && ready.first().nextAllowedAt <= now) {
      HostQueue host = ready.pollFirst();
      host.inReady = false;
      host.turn = nextTurn++;
      Work work = next(host, now);
      reindex(host);
      if (work != null) {
        return work;
      }
    }
    return null;
  }

  private Work next(HostQueue host, long now) {
    if (robots.enabled()
        && (host.robots == HostQueue.Robots.UNKNOWN
            || (host.robots == HostQueue.Robots.KNOWN && now >= host.robotsExpireAt))) {
      host.robots = HostQueue.Robots.FETCHING;
      robotsFetches++;
      return new FetchRobots(host.key, startTask(host, null, now));
    }
    if (!host.sitemaps.isEmpty()) {
      String url = host.sitemaps.poll();
      pendingSitemaps--;
      sitemapFetches++;
      return new FetchSitemap(host.key, url, startTask(host, url, now));
    }
    CrawlJob job = host.jobs.poll();
    if (job == null) {
      return null;
    }
    queued--;
    if (!host.allowedByRobots(job.fetchUrl())) {
      awaitRecord(job);
      return new Skip(job, "robots", false);
    }
    host.inFlight++;
    long dispatchId = nextDispatchId++;
    inFlight.put(job.id(), new InFlight(job, dispatchId, now + deadline(), host));
    dispatched++;
    return new FetchPage(job, dispatchId);
  }

  private long startTask(HostQueue host, String url, long now) {
    host.inFlight++;
    dispatched++;
    long dispatchId = nextDispatchId++;
    tasks.put(dispatchId, new Task(host, url, now + deadline()));
    return dispatchId;
  }

  // ---- answers ----

  /**
   * Ends the dispatch {@code dispatchId} of a job (its answer came: a retry, a redirect) and frees
   * its host slot. Returns the job, or null when that dispatch is no longer current.
   */
  public CrawlJob endDispatch(long jobId, long dispatchId, long now, Feedback feedback) {
    InFlight f = inFlight.get(jobId);
    if (f == null || f.host == null || f.dispatchId != dispatchId) {
      return null;
    }
    inFlight.remove(jobId);
    release(f.host, now, feedback);
    return f.job;
  }

  /** The job's record was written: it leaves the frontier for good. False when it was unknown. */
  public boolean complete(long jobId, long now, Feedback feedback) {
    InFlight f = inFlight.remove(jobId);
    if (f != null) {
      if (f.host != null) {
        release(f.host, now, feedback);
      }
      return true;
    }
    // A late answer can finish a job that was already waiting for a retry.
    return waitingById.remove(jobId) != null;
  }

  /** The job waits for its record (decided without a fetch) and is outstanding until then. */
  public void awaitRecord(CrawlJob job) {
    inFlight.put(job.id(), new InFlight(job, 0, Long.MAX_VALUE, null));
  }

  /** The job is tried again, not before {@code notBefore}. */
  public void retryAt(CrawlJob job, long notBefore) {
    Waiting w = new Waiting(job, notBefore);
    waitingById.put(job.id(), w);
    waiting.add(w);
  }

  /** The job (a redirect hop, a re-dispatch) goes first in its host's queue. */
  public void requeue(CrawlJob job) {
    enqueue(job, true);
  }

  /**
   * The robots.txt of {@code host} came back: its rules apply from now on, or, when it was
   * unreachable, the host is deferred and asked again later, a bounded number of times.
   * Returns the sitemap URLs the rules list (empty when none or unreachable).
   */
  public List<String> robotsFetched(String hostKey, long dispatchId, RobotsFetched r, long now) {
    Task task = tasks.remove(dispatchId);
    if (task == null) {
      return List.of();
    }
    HostQueue host = task.host;
    unready(host);
    host.ended(new Feedback(Feedback.Signal.NO_ANSWER, r.fetchMs(), -1, null), now, politeness);
    dispatched--;
    if (r.unreachable()) {
      host.failures++;
      host.robotsFailures++;
      if (host.robotsFailures >= robots.maxAttempts()) {
        // A server that answers with errors makes its robots.txt unavailable; one that cannot
        // be reached at all is unreachable as a whole.
        if (Feedback.isNetworkFailure(r.error())) {
          host.dead = true;
        } else {
          host.robots = HostQueue.Robots.GAVE_UP;
        }
        drainGivenUp(host);
      } else {
        host.robots = HostQueue.Robots.UNKNOWN;
        host.pause(now, robots.retryPause().toMillis() << (host.robotsFailures - 1),
            "robots-unavailable");
      }
      reindex(host);
      return List.of();
    }
    RobotsRules rules = r.rules();
    host.robots = HostQueue.Robots.KNOWN;
    host.robotsFailures = 0;
    host.rules = rules;
    host.matcher = rules.mode() == RobotsRules.Mode.ALLOW_ALL ? null : rules.toMatcher();
    host.robotsExpireAt = now + robots.cacheTtl().toMillis();
    long cap = robots.maxCrawlDelay().toMillis();
    host.crawlDelayMs = Math.min(Math.max(rules.crawlDelayMs(), 0), cap);
    host.crawlDelayCapped = rules.crawlDelayMs() > cap;
    // Its first request waits for the Crawl-delay like the others.
    host.nextAllowedAt = Math.max(host.nextAllowedAt, now + host.crawlDelayMs);
    reindex(host);
    if (!settings.sitemaps().enabled() || host.sitemapsDiscovered) {
      return List.of();
    }
    host.sitemapsDiscovered = true;
    return rules.sitemaps().isEmpty() ? List.of(host.key + "/sitemap.xml") : rules.sitemaps();
  }

  /** A sitemap request of {@code host} ended; its URLs are admitted by the caller. */
  public void sitemapFetched(long dispatchId, long now, long fetchMs) {
    Task task = tasks.remove(dispatchId);
    if (task != null) {
      unready(task.host);
      task.host.ended(new Feedback(Feedback.Signal.OK, fetchMs, -1, null), now, politeness);
      dispatched--;
      reindex(task.host);
    }
  }

  /**
   * In-flight dispatches past their deadline, removed with their host slots freed: page jobs are
   * returned to be dispatched again; robots.txt and sitemap requests count as failed.
   */
  public List<CrawlJob> overdue(long now) {
    List<CrawlJob> late = new ArrayList<>();
    for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
      InFlight f = it.next();
      if (f.host != null && f.deadline <= now) {
        it.remove();
        release(f.host, now, Feedback.NONE);
        late.add(f.job);
      }
    }
    for (Map.Entry<Long, Task> e : new ArrayList<>(tasks.entrySet())) {
      Task t = e.getValue();
      if (t.deadline <= now) {
        if (t.sitemapUrl == null) {
          robotsFetched(t.host.key, e.getKey(), new RobotsFetched(null, 0, "no answer", 0), now);
        } else {
          sitemapFetched(e.getKey(), now, 0);
        }
      }
    }
    return late;
  }

  // ---- state ----

  /** When something may next become ready (a retry or a host's next allowed time), or -1. */
  public long nextWakeup() {
    long next = Long.MAX_VALUE;
    Waiting w = waiting.peek();
    if (w != null) {
      next = w.notBefore;
    }
    if (!ready.isEmpty()) {
      next = Math.min(next, ready.first().nextAllowedAt);
    }
    return next == Long.MAX_VALUE ? -1 : next;
  }

  /** Nothing queued, waiting or outstanding: the crawl is over. */
  public boolean isIdle() {
    return queued == 0 && skips.isEmpty() && waitingById.isEmpty() && inFlight.isEmpty()
        && tasks.isEmpty() && pendingSitemaps == 0;
  }

  /** Requests handed to fetchers and not yet answered (pages, robots.txt, sitemaps). */
  public int dispatched() {
    return dispatched;
  }

  /** URLs waiting: queued, skips to record, and retries waiting for their time. */
  public int queued() {
    return queued + skips.size() + waitingById.size();
  }

  /** Jobs dispatched or awaiting their record, and robots.txt or sitemap requests. */
  public int outstanding() {
    return inFlight.size() + tasks.size();
  }

  public long admitted() {
    return admitted;
  }

  public int hosts() {
    return hosts.size();
  }

  /** Hosts with requests in flight, and hosts paused (throttled, breaker, robots.txt deferred). */
  public int[] activeAndPausedHosts(long now) {
    int active = 0;
    int paused = 0;
    for (HostQueue h : hosts.values()) {
      if (h.inFlight > 0) {
        active++;
      } else if (h.pausedUntil > now && !h.givenUp() && !h.jobs.isEmpty()) {
        paused++;
      }
    }
    return new int[] {active, paused};
  }

  /** Every host's report (for the summary). */
  public List<HostReport> hostReports(long now) {
    List<HostReport> reports = new ArrayList<>(hosts.size());
    for (HostQueue h : hosts.values()) {
      reports.add(h.report(now));
    }
    return reports;
  }

  public long robotsFetches() {
    return robotsFetches;
  }

  public long sitemapFetches() {
    return sitemapFetches;
  }

  // ---- internals ----

  private HostQueue host(String key) {
    HostQueue host = hosts.get(key);
    if (host == null) {
      host = new HostQueue(key, nextTurn++);
      hosts.put(key, host);
      if (settings.sitemaps().enabled() && !robots.enabled()) {
        // Without robots.txt there is no Sitemap: line to read; try the usual place.
        host.sitemapsDiscovered = true;
        String url = key + "/sitemap.xml";
        if (sitemapsSeen.add(url)) {
          host.sitemapFiles++;
          host.sitemaps.add(url);
          pendingSitemaps++;
        }
      }
    }
    return host;
  }

  private void enqueue(CrawlJob job, boolean first) {
    HostQueue host = host(hostKeyOf.apply(job.fetchUrl()));
    if (host.givenUp()) {
      skips.add(new Skip(job, host.givenUpReason(), host.dead));
      return;
    }
    unready(host);
    if (first) {
      host.jobs.addFirst(job);
    } else {
      host.jobs.addLast(job);
    }
    queued++;
    reindex(host);
  }

  private void promoteWaiting(long now) {
    while (!waiting.isEmpty() && waiting.peek().notBefore <= now) {
      Waiting w = waiting.poll();
      // Skip entries whose job was finished by a late answer (lazy deletion).
      if (waitingById.get(w.job.id()) == w) {
        waitingById.remove(w.job.id());
        enqueue(w.job, true);
      }
    }
  }

  private void release(HostQueue host, long now, Feedback feedback) {
    dispatched--;
    unready(host);
    boolean wasDead = host.dead;
    host.ended(feedback, now, politeness);
    if (host.dead && !wasDead) {
      drainGivenUp(host);
    }
    reindex(host);
  }

  /** The host's queued jobs are recorded without a request (skipped or failed). */
  private void drainGivenUp(HostQueue host) {
    for (CrawlJob job : host.jobs) {
      skips.add(new Skip(job, host.givenUpReason(), host.dead));
    }
    queued -= host.jobs.size();
    host.jobs.clear();
    pendingSitemaps -= host.sitemaps.size();
    host.sitemaps.clear();
  }

  private void unready(HostQueue host) {
    if (host.inReady) {
      ready.remove(host);
      host.inReady = false;
    }
  }

  /** Puts the host in the ready set if it has work and may take another request now or later. */
  private void reindex(HostQueue host) {
    boolean hasWork = !host.jobs.isEmpty() || !host.sitemaps.isEmpty();
    boolean slotFree =
        politeness.maxPerHost() <= 0 || host.inFlight < politeness.maxPerHost();
    boolean eligible =
        hasWork && slotFree && !host.givenUp() && host.robots != HostQueue.Robots.FETCHING;
    if (eligible && !host.inReady) {
      ready.add(host);
      host.inReady = true;
    }
  }

  private long deadline() {
    return settings.dispatchDeadline().toMillis();
  }

  private record Waiting(CrawlJob job, long notBefore) {}

  private record InFlight(CrawlJob job, long dispatchId, long deadline, HostQueue host) {}

  private record Task(HostQueue host, String sitemapUrl, long deadline) {}
}
