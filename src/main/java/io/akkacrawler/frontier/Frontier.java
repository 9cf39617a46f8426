package io.akkacrawler.frontier;

import io.akkacrawler.HostReport;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.SeenSet;
import io.akkacrawler.warc.WarcPosition;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The crawl's to-do list, owned by exactly one actor: admission through the seen set, over the
 * hosts and their turns ({@link HostScheduler}), handing out and taking back work ({@link
 * Dispatches}, {@link InFlightTable}), retries waiting for their time ({@link RetryQueue}),
 * robots.txt and sitemaps ({@link RobotsAndSitemaps}) and the store ({@link FrontierPersistence}).
 * Queues and the seen set live in a {@link CrawlStore} with bounded windows in memory, so the
 * frontier can be larger than the heap; a job leaves the store only when {@link #commit} is told
 * that its record is safely in the output. Plain class, single-threaded; all times are milliseconds
 * of one monotonic clock chosen by the caller.
 */
public final class Frontier {
  /** The store's mark of a crawl whose seeds were admitted: a resume does not admit them again. */
  static final String META_SEEDED = "seeded";

  /** What became of a URL offered to the frontier. */
  public enum Admission {
    ADMITTED,
    DUPLICATE,
    OVER_LIMIT
  }

  /** Something to do now, handed out by {@link #poll}. */
  public sealed interface Work {}

  /** Fetch a page, with the crawl's {@code Cookie} header for it (null: none). */
  public record FetchPage(CrawlJob job, long dispatchId, String cookie) implements Work {
    public FetchPage(CrawlJob job, long dispatchId) {
      this(job, dispatchId, null);
    }
  }

  /** Fetch the robots.txt of {@code host}. */
  public record FetchRobots(String host, long dispatchId) implements Work {}

  /** Fetch one sitemap file of {@code host}. */
  public record FetchSitemap(String host, String url, long dispatchId) implements Work {}

  /**
   * Record the job without fetching it ({@code reason}: robots, robots-unavailable,
   * host-unreachable, or the reason it was registered with); it is outstanding until {@link
   * #complete} is called.
   */
  public record Skip(CrawlJob job, Reason reason, boolean failed, String error) implements Work {
    public Skip(CrawlJob job, Reason reason, boolean failed) {
      this(job, reason, failed, null);
    }
  }

  /** See {@link #hostCounts}; {@code pausedBy} counts the paused hosts per reason. */
  public record HostCounts(
      int active, int paused, String pauseReason, Map<String, Integer> pausedBy) {
    public HostCounts {
      pausedBy = Map.copyOf(pausedBy);
    }
  }

  /** See {@link #topHosts}: the greatest first. */
  public record TopHosts(List<HostReport> slowest, List<HostReport> failing) {}

  private final CrawlSettings settings;
  private final SeenSet seen;
  private final FrontierPersistence persistence;

  /**
   * The latest time (the monotonic clock of the {@code now} arguments) any call brought: what a
   * host saved between calls (a new host, a sitemap queued) converts its times with, instead of 0.
   */
  private long latestNow;

  private final RobotsAndSitemaps sites;
  private final HostScheduler hosts;
  private final InFlightTable inFlight;
  private final RetryQueue retries = new RetryQueue();
  private final Dispatches dispatches;
  private final CrawlCookies cookies;

  private long nextJobId;
  private long admitted;

  /** Whether {@code store} holds a crawl that has admitted its seeds (one to resume). */
  public static boolean seeded(CrawlStore store) {
    return store.meta(META_SEEDED) != null;
  }

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
    this.settings = settings;
    this.seen = new SeenSet(store);
    FrontierPersistence persistence = new FrontierPersistence(store, epochMs);
    RobotsAndSitemaps sites = new RobotsAndSitemaps(settings);
    this.persistence = persistence;
    this.sites = sites;
    this.hosts =
        new HostScheduler(
            settings.politeness(),
            hostKeyOf,
            persistence,
            host -> {
              sites.hostAdded(host);
              persistence.saveHost(host, latestNow);
            });
    this.inFlight = new InFlightTable(settings.dispatchDeadline().toMillis());
    this.dispatches =
        new Dispatches(settings.politeness(), hosts, inFlight, retries, sites, persistence);
    long maxJobId = persistence.restore(now, hosts, sites);
    seen.restore();
    admitted = persistence.done() + hosts.queued();
    nextJobId = maxJobId + 1;
    hosts.restoreDone();
    this.cookies = new CrawlCookies(settings.fetch().cookies(), settings.cookies(), store, epochMs);
  }

  // ---- admission ----

  /**
   * Offers a normalized URL; an admitted one is queued behind the others of its host. A seed (no
   * {@code parent}) is admitted whatever its host's budget, and counts in it.
   */
  public Admission admit(String url, int depth, String parent) {
    if ((settings.maxPages() > 0 && admitted >= settings.maxPages())
        || (parent != null && hosts.overBudget(url, settings.maxPagesPerHost(), seen::contains))) {
      return seen.contains(url) ? Admission.DUPLICATE : Admission.OVER_LIMIT;
    }
    if (!seen.add(url)) {
      return Admission.DUPLICATE;
    }
    admitted++;
    CrawlJob job = CrawlJob.of(nextJobId++, url, depth, parent);
    HostQueue host = hosts.hostOfValid(url);
    host.admitted++;
    persistence.putJob(host.id, job, null, false);
    hosts.append(host, job);
    persistence.flushIfLarge();
    return Admission.ADMITTED;
  }

  /**
   * Registers a URL that gets a record without being fetched (a seed beyond the page limit, out of
   * scope, or unusable): {@link #poll} hands it out as a {@link Skip} with this reason.
   */
  public void admitWithRecord(String url, int depth, Reason reason, boolean failed) {
    if (!seen.add(url)) {
      return;
    }
    admitted++;
    CrawlJob job = CrawlJob.of(nextJobId++, url, depth, null);
    HostQueue host = hosts.hostOfUrl(url);
    host.admitted++;
    persistence.putJob(host.id, job, reason, failed);
    hosts.preset(new Skip(job, reason, failed));
    hosts.append(host, job);
    persistence.flushIfLarge();
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
      String key = hosts.keyOrInvalid(url);
      if (key.equals(HostScheduler.INVALID_HOST)) {
        continue;
      }
      HostQueue host = hosts.host(key);
      if (sites.offerSitemap(host, url)) {
        hosts.unready(host);
        hosts.reindex(host);
        persistence.saveHost(host, latestNow);
      }
    }
  }

  // ---- dispatch and answers ----

  /**
   * The next thing to do at {@code now}: a record decided without a request, or a request to a host
   * whose turn has come (registered as in flight until {@code now + deadline}); null when nothing
   * is ready.
   */
  public Work poll(long now) {
    latestNow = Math.max(latestNow, now);
    Work work = dispatches.poll(now);
    if (work instanceof FetchPage p) {
      String cookie = cookies.header(p.job().fetchUrl());
      return cookie == null ? p : new FetchPage(p.job(), p.dispatchId(), cookie);
    }
    return work;
  }

  /** A response to {@code url} set these cookies ({@code Set-Cookie} headers). */
  public void cookiesReceived(String url, List<String> setCookies) {
    cookies.received(url, setCookies);
  }

  /**
   * Ends the dispatch {@code dispatchId} of a job (its answer came: a retry, a redirect) and frees
   * its host slot. Returns the job, or null when that dispatch is no longer current.
   */
  public CrawlJob endDispatch(long jobId, long dispatchId, long now, Feedback feedback) {
    latestNow = Math.max(latestNow, now);
    return dispatches.endDispatch(jobId, dispatchId, now, feedback);
  }

  /**
   * The job's record is written: it leaves the frontier (and the store, at the next {@link
   * #commit}). False when it was unknown.
   */
  public boolean complete(long jobId, long now, Feedback feedback) {
    latestNow = Math.max(latestNow, now);
    CrawlJob job = dispatches.finish(jobId, now, feedback);
    if (job == null) {
      return false;
    }
    persistence.awaitCommit(jobId, hosts.storeHostId(job));
    return true;
  }

  /**
   * The output holds every record of {@code jobIds} up to byte {@code offset}: those jobs leave the
   * store in the same atomic, synced write that records the offset.
   */
  public void commit(long offset, List<Long> jobIds) {
    commit(offset, jobIds, null, Map.of());
  }

  /**
   * As {@link #commit(long, List)}, with how far the WARC files go (null: no WARC files) and the
   * length of each output part that cluster nodes write (empty: none).
   */
  public void commit(long offset, List<Long> jobIds, WarcPosition warc, Map<String, Long> parts) {
    cookies.save(); // in the same atomic write: a record is never kept without its cookies
    persistence.commit(offset, jobIds, warc, parts, hosts::byId, latestNow);
  }

  /** The job waits for its record (decided without a fetch) and is outstanding until then. */
  public void awaitRecord(CrawlJob job) {
    inFlight.awaitRecord(job);
  }

  /** The job is tried again, not before {@code notBefore}. */
  public void retryAt(CrawlJob job, long notBefore) {
    persistence.putJob(hosts.storeHostId(job), job, null, false);
    retries.add(job, notBefore);
  }

  /** The job (a redirect hop, a re-dispatch) goes first in its host's queue. */
  public void requeue(CrawlJob job) {
    persistence.putJob(hosts.storeHostId(job), job, null, false);
    hosts.addFirst(hosts.hostOf(job), job);
    persistence.flushIfLarge();
  }

  /**
   * The robots.txt of {@code host} came back: its rules apply from now on, or, when it was
   * unreachable, the host is deferred and asked again later, a bounded number of times. Returns the
   * sitemap URLs to read (empty when none, unreachable, or sitemaps are off).
   */
  public List<String> robotsFetched(long dispatchId, RobotsFetched r, long now) {
    latestNow = Math.max(latestNow, now);
    return dispatches.robotsFetched(dispatchId, r, now);
  }

  /** A sitemap request of {@code host} ended; its URLs are admitted by the caller. */
  public void sitemapFetched(long dispatchId, long now, long fetchMs) {
    latestNow = Math.max(latestNow, now);
    dispatches.sitemapFetched(dispatchId, now, fetchMs);
  }

  /**
   * In-flight dispatches past their deadline, removed with their host slots freed: page jobs are
   * returned to be dispatched again; robots.txt and sitemap requests count as failed.
   */
  public List<CrawlJob> overdue(long now) {
    latestNow = Math.max(latestNow, now);
    return dispatches.overdue(now);
  }

  // ---- state ----

  /** When something may next become ready (a retry or a host's next allowed time), or -1. */
  public long nextWakeup() {
    long next = Math.min(retries.nextNotBefore(), hosts.nextAllowedAt());
    return next == Long.MAX_VALUE ? -1 : next;
  }

  /** Nothing queued, waiting or outstanding: the crawl is over. */
  public boolean isIdle() {
    return hosts.queued() == 0
        && retries.size() == 0
        && inFlight.isEmpty()
        && sites.pendingSitemaps() == 0;
  }

  /** Requests handed to fetchers and not yet answered (pages, robots.txt, sitemaps). */
  public int dispatched() {
    return inFlight.dispatched();
  }

  /** URLs waiting: queued (in memory or in the store) and retries waiting for their time. */
  public long queued() {
    return hosts.queued() + retries.size();
  }

  /**
   * Jobs dispatched or awaiting their record: what a stopping crawl waits for (a robots.txt or
   * sitemap request makes no record; it is simply made again on resume).
   */
  public int outstanding() {
    return inFlight.outstanding();
  }

  /** URLs admitted over the whole crawl (across restarts), seeds included. */
  public long admitted() {
    return admitted;
  }

  /** Records committed over the whole crawl (across restarts). */
  public long done() {
    return persistence.done();
  }

  public int hosts() {
    return hosts.size();
  }

  /**
   * Hosts with requests in flight, hosts paused (throttled, breaker, robots.txt deferred, not
   * answering) and the most common reason of the pauses (null when none is paused).
   */
  public HostCounts hostCounts(long now) {
    return hosts.counts(now);
  }

  /**
   * The {@code n} hosts with the longest mean response time and the {@code n} with the most failed
   * requests (for the live dashboard).
   */
  public TopHosts topHosts(long now, int n) {
    return hosts.top(now, n);
  }

  /** Commits of written records to the store so far (this run). */
  public long storeCommits() {
    return persistence.commits();
  }

  /** Every host's report (for the summary). */
  public List<HostReport> hostReports(long now) {
    return hosts.reports(now);
  }

  public long robotsFetches() {
    return sites.robotsFetches();
  }

  public long sitemapFetches() {
    return sites.sitemapFetches();
  }
}
