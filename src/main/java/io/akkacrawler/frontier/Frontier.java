package io.akkacrawler.frontier;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.HostReport;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.PolitenessSettings;
import io.akkacrawler.config.RobotsSettings;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.JobCodec;
import io.akkacrawler.state.SeenSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.function.LongSupplier;

/**
 * The crawl's to-do list, owned by exactly one actor: the seen set, one FIFO queue per host, the
 * hosts ordered by when they may next be asked (so a slow or paused host never holds up the
 * others), robots.txt per host, retries waiting for their time, and what is in flight with its
 * deadline. Queues and the seen set live in a {@link CrawlStore} with bounded windows in memory, so
 * the frontier can be larger than the heap; a job leaves the store only when {@link #commit} is
 * told that its record is safely in the output. Plain class, single-threaded; all times are
 * milliseconds of one monotonic clock chosen by the caller.
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
   * host-unreachable, or the reason it was registered with); it is outstanding until {@link
   * #complete} is called.
   */
  public record Skip(CrawlJob job, String reason, boolean failed, String error) implements Work {
    public Skip(CrawlJob job, String reason, boolean failed) {
      this(job, reason, failed, null);
    }
  }

  /** Jobs a host keeps in memory at most; the rest of its queue waits in the store. */
  static final int WINDOW = 64;

  /**
   * Jobs kept in memory over all hosts' windows: with many hosts each keeps fewer (at least one),
   * so that a crawl of a hundred thousand sites does not hold every queued URL in memory.
   */
  static final int MEMORY_JOBS = 262_144;

  /** The pseudo-host of registered URLs that have no usable host. */
  private static final String INVALID_HOST = "invalid:";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META_DONE = "done";
  private static final String META_OFFSET = "offset";

  private final CrawlSettings settings;
  private final PolitenessSettings politeness;
  private final RobotsSettings robots;
  private final Function<String, String> hostKeyOf;
  private final CrawlStore store;
  private final SeenSet seen;
  private final LongSupplier epochMs;

  private final Set<String> sitemapsSeen = new HashSet<>();
  private final Map<String, HostQueue> hosts = new HashMap<>();
  private final Map<Long, HostQueue> hostsById = new HashMap<>();
  private final TreeSet<HostQueue> ready =
      new TreeSet<>(
          Comparator.comparingLong((HostQueue h) -> h.nextAllowedAt)
              .thenComparingLong(h -> h.turn)
              .thenComparing(h -> h.key));
  private final PriorityQueue<Waiting> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Waiting::notBefore));
  private final Map<Long, Waiting> waitingById = new HashMap<>();
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private final Map<Long, Task> tasks = new HashMap<>();

  /** Jobs whose record is written but not yet committed, with their store host id. */
  private final Map<Long, Long> awaitingCommit = new HashMap<>();

  /** Preset records (reason, failed) of jobs registered without a fetch. */
  private final Map<Long, Skip> presets = new HashMap<>();

  private long nextJobId = 1;
  private long nextDispatchId = 1;
  private long nextTurn = 1;
  private long nextHostId = 1;
  private long admitted;
  private long done;
  private long queued;
  private int dispatched;
  private int pendingSitemaps;
  private long robotsFetches;
  private long sitemapFetches;

  /**
   * A frontier over {@code store}; when the store holds a crawl already (a resume), its queues,
   * seen set and hosts are picked up, and every job that was queued, in flight or recorded but not
   * committed is queued again.
   */
  public Frontier(
      CrawlSettings settings, Function<String, String> hostKeyOf, CrawlStore store, long now) {
    this(settings, hostKeyOf, store, now, CrawlClock.system().epochMs());
  }

  /** As above, with host pauses saved in the wall-clock milliseconds of {@code epochMs}. */
  public Frontier(
      CrawlSettings settings,
      Function<String, String> hostKeyOf,
      CrawlStore store,
      long now,
      LongSupplier epochMs) {
    this.epochMs = epochMs;
    this.settings = settings;
    this.politeness = settings.politeness();
    this.robots = settings.robots();
    this.hostKeyOf = hostKeyOf;
    this.store = store;
    this.seen = new SeenSet(store);
    restore(now);
  }

  // ---- admission ----

  /** Offers a normalized URL; an admitted one is queued behind the others of its host. */
  public Admission admit(String url, int depth, String parent) {
    if (settings.maxPages() > 0 && admitted >= settings.maxPages()) {
      return seen.contains(url) ? Admission.DUPLICATE : Admission.OVER_LIMIT;
    }
    if (!seen.add(url)) {
      return Admission.DUPLICATE;
    }
    admitted++;
    CrawlJob job = CrawlJob.of(nextJobId++, url, depth, parent);
    HostQueue host = host(hostKeyOf.apply(url));
    store.putJob(host.id, job, null, false);
    append(host, job);
    store.flushIfLarge();
    return Admission.ADMITTED;
  }

  /**
   * Registers a URL that gets a record without being fetched (a seed beyond the page limit, out of
   * scope, or unusable): {@link #poll} hands it out as a {@link Skip} with this reason.
   */
  public void admitWithRecord(String url, int depth, String reason, boolean failed) {
    if (!seen.add(url)) {
      return;
    }
    admitted++;
    CrawlJob job = CrawlJob.of(nextJobId++, url, depth, null);
    HostQueue host = host(keyOrInvalid(url));
    store.putJob(host.id, job, reason, failed);
    presets.put(job.id(), new Skip(job, reason, failed));
    append(host, job);
    store.flushIfLarge();
  }

  /** Marks a URL as seen (a redirect target); false when it already was. */
  public boolean claim(String url) {
    return seen.add(url);
  }

  /** Whether the URL was admitted, claimed or registered before. */
  public boolean seen(String url) {
    return seen.contains(url);
  }

  /**
   * Queues sitemap files (from robots.txt or a sitemap index), each once, within the per-host cap.
   */
  public void addSitemaps(List<String> urls) {
    for (String url : urls) {
      String key = keyOrInvalid(url);
      if (key.equals(INVALID_HOST)) {
        continue;
      }
      HostQueue host = host(key);
      // A given-up host is asked nothing more, sitemaps included.
      if (!host.givenUp()
          && host.sitemapFiles < settings.sitemaps().maxFilesPerHost()
          && sitemapsSeen.add(url)) {
        host.sitemapFiles++;
        host.sitemaps.add(url);
        pendingSitemaps++;
        unready(host);
        reindex(host);
        persist(host, 0);
      }
    }
  }

  // ---- dispatch ----

  /**
   * The next thing to do at {@code now}: a record decided without a request, or a request to a host
   * whose turn has come (registered as in flight until {@code now + deadline}); null when nothing
   * is ready.
   */
  public Work poll(long now) {
    promoteWaiting(now);
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
    if (host.givenUp()) {
      CrawlJob job = take(host);
      if (job == null) {
        return null;
      }
      awaitRecord(job);
      Skip preset = presets.remove(job.id());
      return preset != null
          ? preset
          : new Skip(job, host.givenUpReason(), host.dead, host.givenUpError());
    }
    CrawlJob head = peek(host);
    if (head != null && presets.containsKey(head.id())) {
      take(host);
      awaitRecord(head);
      return presets.remove(head.id());
    }
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
    CrawlJob job = take(host);
    if (job == null) {
      return null;
    }
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

  /** The host's next job, loading the next part of its queue from the store when needed. */
  private CrawlJob peek(HostQueue host) {
    if (host.jobs.isEmpty() && host.unloaded > 0) {
      load(host);
    }
    return host.jobs.peek();
  }

  private CrawlJob take(HostQueue host) {
    peek(host);
    CrawlJob job = host.jobs.poll();
    if (job != null) {
      queued--;
    }
    return job;
  }

  private void load(HostQueue host) {
    List<JobCodec.Stored> loaded = store.loadJobs(host.id, host.cursor, window());
    if (loaded.isEmpty()) {
      queued -= host.unloaded; // the count was off: nothing is left in the store
      host.unloaded = 0;
      return;
    }
    for (JobCodec.Stored s : loaded) {
      CrawlJob job = s.job();
      host.cursor = job.id();
      host.unloaded--;
      if (s.presetReason() != null) {
        presets.put(job.id(), new Skip(job, s.presetReason(), s.presetFailed()));
      }
      HostQueue target = hostOf(job);
      if (target == host) {
        host.jobs.addLast(job);
      } else {
        // A redirect hop stored under its first host: it goes on at the host it moved to.
        unready(target);
        target.jobs.addFirst(job);
        reindex(target);
      }
    }
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

  /**
   * The job's record is written: it leaves the frontier (and the store, at the next {@link
   * #commit}). False when it was unknown.
   */
  public boolean complete(long jobId, long now, Feedback feedback) {
    InFlight f = inFlight.remove(jobId);
    CrawlJob job;
    if (f != null) {
      if (f.host != null) {
        release(f.host, now, feedback);
      }
      job = f.job;
    } else {
      // A late answer can finish a job that was already waiting for a retry.
      Waiting w = waitingById.remove(jobId);
      if (w == null) {
        return false;
      }
      job = w.job;
    }
    awaitingCommit.put(jobId, storeHostId(job));
    return true;
  }

  /**
   * The output holds every record of {@code jobIds} up to byte {@code offset}: those jobs leave the
   * store in the same atomic, synced write that records the offset.
   */
  public void commit(long offset, List<Long> jobIds) {
    for (long id : jobIds) {
      Long hostId = awaitingCommit.remove(id);
      if (hostId != null) {
        store.deleteJob(hostId, id);
        done++;
      }
    }
    store.putMeta(META_DONE, longBytes(done));
    store.putMeta(META_OFFSET, longBytes(offset));
    store.commit();
  }

  /** The job waits for its record (decided without a fetch) and is outstanding until then. */
  public void awaitRecord(CrawlJob job) {
    inFlight.put(job.id(), new InFlight(job, 0, Long.MAX_VALUE, null));
  }

  /** The job is tried again, not before {@code notBefore}. */
  public void retryAt(CrawlJob job, long notBefore) {
    store.putJob(storeHostId(job), job, null, false);
    Waiting w = new Waiting(job, notBefore);
    waitingById.put(job.id(), w);
    waiting.add(w);
  }

  /** The job (a redirect hop, a re-dispatch) goes first in its host's queue. */
  public void requeue(CrawlJob job) {
    store.putJob(storeHostId(job), job, null, false);
    HostQueue host = hostOf(job);
    unready(host);
    host.jobs.addFirst(job);
    queued++;
    reindex(host);
    store.flushIfLarge();
  }

  /**
   * The robots.txt of {@code host} came back: its rules apply from now on, or, when it was
   * unreachable, the host is deferred and asked again later, a bounded number of times. Returns the
   * sitemap URLs to read (empty when none, unreachable, or sitemaps are off).
   */
  public List<String> robotsFetched(long dispatchId, RobotsFetched r, long now) {
    Task task = tasks.remove(dispatchId);
    if (task == null) {
      return List.of();
    }
    HostQueue host = task.host;
    unready(host);
    host.ended(new Feedback(Feedback.Signal.NO_ANSWER, r.fetchMs(), -1, null), now, politeness);
    dispatched--;
    if (r.status() > 0) {
      host.answered = true;
    }
    if (r.unreachable()) {
      host.failures++;
      host.robotsFailures++;
      if (r.status() == 0) {
        host.lastError = r.detail() != null ? r.detail() : r.error();
      }
      // A host that never answered and refuses connections (or has no DNS name) is not there.
      boolean notThere = !host.answered && Feedback.isHardFailure(r.error());
      if (host.robotsFailures >= (notThere ? HostQueue.UNANSWERED_GIVE_UP : robots.maxAttempts())) {
        // A server that answers with errors makes its robots.txt unavailable; one that cannot
        // be reached at all is unreachable as a whole.
        if (Feedback.isNetworkFailure(r.error())) {
          host.dead = true;
        } else {
          host.robots = HostQueue.Robots.GAVE_UP;
        }
        giveUp(host);
      } else {
        host.robots = HostQueue.Robots.UNKNOWN;
        host.pause(
            now,
            notThere
                ? HostQueue.UNANSWERED_RETRY_MS
                : robots.retryPause().toMillis() << (host.robotsFailures - 1),
            notThere ? "unreachable" : "robots-unavailable");
      }
      persist(host, now);
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
    List<String> sitemaps = List.of();
    if (settings.sitemaps().enabled() && !host.sitemapsDiscovered) {
      host.sitemapsDiscovered = true;
      sitemaps = rules.sitemaps().isEmpty() ? List.of(host.key + "/sitemap.xml") : rules.sitemaps();
    }
    persist(host, now);
    reindex(host);
    return sitemaps;
  }

  /** A sitemap request of {@code host} ended; its URLs are admitted by the caller. */
  public void sitemapFetched(long dispatchId, long now, long fetchMs) {
    Task task = tasks.remove(dispatchId);
    if (task != null) {
      unready(task.host);
      task.host.ended(new Feedback(Feedback.Signal.OK, fetchMs, -1, null), now, politeness);
      dispatched--;
      reindex(task.host);
      persist(task.host, now);
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
          robotsFetched(e.getKey(), new RobotsFetched(null, 0, "no answer", 0), now);
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
    return queued == 0
        && waitingById.isEmpty()
        && inFlight.isEmpty()
        && tasks.isEmpty()
        && pendingSitemaps == 0;
  }

  /** Requests handed to fetchers and not yet answered (pages, robots.txt, sitemaps). */
  public int dispatched() {
    return dispatched;
  }

  /** URLs waiting: queued (in memory or in the store) and retries waiting for their time. */
  public long queued() {
    return queued + waitingById.size();
  }

  /**
   * Jobs dispatched or awaiting their record: what a stopping crawl waits for (a robots.txt or
   * sitemap request makes no record; it is simply made again on resume).
   */
  public int outstanding() {
    return inFlight.size();
  }

  /** URLs admitted over the whole crawl (across restarts), seeds included. */
  public long admitted() {
    return admitted;
  }

  /** Records committed over the whole crawl (across restarts). */
  public long done() {
    return done;
  }

  public int hosts() {
    return hosts.size();
  }

  /**
   * Hosts with requests in flight, hosts paused (throttled, breaker, robots.txt deferred, not
   * answering) and the most common reason of the pauses (null when none is paused).
   */
  public HostCounts hostCounts(long now) {
    int active = 0;
    int paused = 0;
    Map<String, Integer> reasons = new HashMap<>();
    for (HostQueue h : hosts.values()) {
      if (h.inFlight > 0) {
        active++;
      } else if (h.pausedUntil > now && !h.givenUp() && h.hasJobs()) {
        paused++;
        reasons.merge(h.lastPause == null ? "paused" : h.lastPause, 1, Integer::sum);
      }
    }
    String reason =
        reasons.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    return new HostCounts(active, paused, reason);
  }

  /** See {@link #hostCounts}. */
  public record HostCounts(int active, int paused, String pauseReason) {}

  /** Every host's report (for the summary). */
  public List<HostReport> hostReports(long now) {
    List<HostReport> reports = new ArrayList<>(hosts.size());
    for (HostQueue h : hosts.values()) {
      if (!h.key.equals(INVALID_HOST)) {
        reports.add(h.report(now));
      }
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
      host = new HostQueue(key, nextHostId++, nextTurn++);
      hosts.put(key, host);
      hostsById.put(host.id, host);
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
      persist(host, 0);
    }
    return host;
  }

  /** The host whose queue the job goes to: the host of the URL it fetches next. */
  private HostQueue hostOf(CrawlJob job) {
    return host(keyOrInvalid(job.fetchUrl()));
  }

  /** The store id of the job's key range: the host of the URL it was admitted with. */
  private long storeHostId(CrawlJob job) {
    return host(keyOrInvalid(job.url())).id;
  }

  private String keyOrInvalid(String url) {
    try {
      return hostKeyOf.apply(url);
    } catch (RuntimeException unusable) {
      return INVALID_HOST;
    }
  }

  /** How many jobs a host's window holds now: fewer as hosts become many. */
  private int window() {
    return Math.max(1, Math.min(WINDOW, MEMORY_JOBS / Math.max(1, hosts.size())));
  }

  /** Adds a new job at the end of its host's queue: in the window while the store has no more. */
  private void append(HostQueue host, CrawlJob job) {
    unready(host);
    if (host.unloaded == 0 && host.jobs.size() < window()) {
      host.jobs.addLast(job);
      host.cursor = job.id();
    } else {
      host.unloaded++;
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
        HostQueue host = hostOf(w.job);
        unready(host);
        host.jobs.addFirst(w.job);
        queued++;
        reindex(host);
      }
    }
  }

  private void release(HostQueue host, long now, Feedback feedback) {
    dispatched--;
    unready(host);
    boolean wasDead = host.dead;
    int pauses = host.pauses;
    host.ended(feedback, now, politeness);
    if (host.dead && !wasDead) {
      giveUp(host);
    }
    if (host.pauses != pauses || host.dead != wasDead) {
      persist(host, now);
    }
    reindex(host);
  }

  /** The host's queue is recorded without requests from now on: its turn comes at once. */
  private void giveUp(HostQueue host) {
    unready(host);
    host.nextAllowedAt = 0;
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
    boolean eligible;
    if (host.givenUp()) {
      eligible = host.hasJobs(); // records only: no slot, no delay
    } else {
      boolean hasWork = host.hasJobs() || !host.sitemaps.isEmpty();
      boolean slotFree = politeness.maxPerHost() <= 0 || host.inFlight < politeness.maxPerHost();
      eligible = hasWork && slotFree && host.robots != HostQueue.Robots.FETCHING;
    }
    if (eligible && !host.inReady) {
      ready.add(host);
      host.inReady = true;
    }
  }

  private void persist(HostQueue host, long now) {
    try {
      store.putHost(
          host.key, JSON.writeValueAsBytes(host.snapshot(now, epochMs.getAsLong())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Picks up what the store holds: hosts, counts of queued jobs per host, the seen set. */
  private void restore(long now) {
    long epochNow = epochMs.getAsLong();
    store.forEachHost(
        (key, value) -> {
          HostSnapshot s;
          try {
            s = JSON.readValue(value, HostSnapshot.class);
          } catch (IOException e) {
            throw new UncheckedIOException("corrupted host record of " + key, e);
          }
          HostQueue host = HostQueue.restore(key, s, nextTurn++, now, epochNow);
          hosts.put(key, host);
          hostsById.put(host.id, host);
          nextHostId = Math.max(nextHostId, host.id + 1);
          pendingSitemaps += host.sitemaps.size();
          sitemapsSeen.addAll(host.sitemaps);
        });
    long[] maxJobId = {0};
    store.forEachJobKey(
        (hostId, jobId) -> {
          HostQueue host = hostsById.get(hostId);
          if (host == null) {
            throw new IllegalStateException("stored job " + jobId + " of unknown host " + hostId);
          }
          host.unloaded++;
          queued++;
          maxJobId[0] = Math.max(maxJobId[0], jobId);
        });
    seen.restore();
    byte[] d = store.meta(META_DONE);
    done = d == null ? 0 : ByteBuffer.wrap(d).getLong();
    admitted = done + queued;
    nextJobId = maxJobId[0] + 1;
    for (HostQueue host : hosts.values()) {
      if (host.dead) {
        host.nextAllowedAt = 0;
      }
      reindex(host);
    }
  }

  private long deadline() {
    return settings.dispatchDeadline().toMillis();
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private record Waiting(CrawlJob job, long notBefore) {}

  private record InFlight(CrawlJob job, long dispatchId, long deadline, HostQueue host) {}

  private record Task(HostQueue host, String sitemapUrl, long deadline) {}
}
