package io.akkacrawler.frontier;

import io.akkacrawler.HostReport;
import io.akkacrawler.config.PolitenessSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.state.JobCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The frontier's hosts and whose turn it is: every host by key and store id, the ready set ordered
 * by the time each host may next be asked (then by turn, so hosts alternate), each host's window of
 * its queue in memory (the rest waits in the store), and the count of queued jobs.
 */
final class HostScheduler {
  /** Jobs a host keeps in memory at most; the rest of its queue waits in the store. */
  static final int WINDOW = 64;

  /**
   * Jobs kept in memory over all hosts' windows: with many hosts each keeps fewer (at least one),
   * so that a crawl of a hundred thousand sites does not hold every queued URL in memory.
   */
  static final int MEMORY_JOBS = 262_144;

  /** The pseudo-host of registered URLs that have no usable host. */
  static final String INVALID_HOST = "invalid:";

  private final PolitenessSettings politeness;
  private final Function<String, String> hostKeyOf;
  private final FrontierPersistence persistence;
  private final Consumer<HostQueue> onNewHost;

  private final Map<String, HostQueue> hosts = new HashMap<>();
  private final Map<Long, HostQueue> hostsById = new HashMap<>();
  private final TreeSet<HostQueue> ready =
      new TreeSet<>(
          Comparator.comparingLong((HostQueue h) -> h.nextAllowedAt)
              .thenComparingLong(h -> h.turn)
              .thenComparing(h -> h.key));

  /** Preset records (reason, failed) of jobs registered without a fetch. */
  private final Map<Long, Frontier.Skip> presets = new HashMap<>();

  private long nextTurn = 1;
  private long nextHostId = 1;
  private long queued;

  /** {@code onNewHost} is told of each host when it is first named (not when restored). */
  HostScheduler(
      PolitenessSettings politeness,
      Function<String, String> hostKeyOf,
      FrontierPersistence persistence,
      Consumer<HostQueue> onNewHost) {
    this.politeness = politeness;
    this.hostKeyOf = hostKeyOf;
    this.persistence = persistence;
    this.onNewHost = onNewHost;
  }

  // ---- hosts ----

  /** The host of {@code key}, created when new. */
  HostQueue host(String key) {
    HostQueue host = hosts.get(key);
    if (host == null) {
      host = new HostQueue(key, nextHostId++, nextTurn++);
      hosts.put(key, host);
      hostsById.put(host.id, host);
      onNewHost.accept(host);
    }
    return host;
  }

  /** The host of a URL that has one ({@code hostKeyOf} throws for one that has not). */
  HostQueue hostOfValid(String url) {
    return host(hostKeyOf.apply(url));
  }

  /** The host of the URL, or the invalid pseudo-host when it has no usable one. */
  HostQueue hostOfUrl(String url) {
    return host(keyOrInvalid(url));
  }

  /** The host whose queue the job goes to: the host of the URL it fetches next. */
  HostQueue hostOf(CrawlJob job) {
    return hostOfUrl(job.fetchUrl());
  }

  /** The store id of the job's key range: the host of the URL it was admitted with. */
  long storeHostId(CrawlJob job) {
    return hostOfUrl(job.url()).id;
  }

  String keyOrInvalid(String url) {
    try {
      return hostKeyOf.apply(url);
    } catch (RuntimeException unusable) {
      return INVALID_HOST;
    }
  }

  /** A turn number for a host read back from the store. */
  long nextTurn() {
    return nextTurn++;
  }

  /** Adds a host read back from the store. */
  void restored(HostQueue host) {
    hosts.put(host.key, host);
    hostsById.put(host.id, host);
    nextHostId = Math.max(nextHostId, host.id + 1);
  }

  /** A job of the host with store id {@code hostId} waits in the store; false for an unknown id. */
  boolean countStored(long hostId) {
    HostQueue host = hostsById.get(hostId);
    if (host == null) {
      return false;
    }
    host.unloaded++;
    queued++;
    return true;
  }

  /** After a restore: a given-up host's records go out at once; hosts with work become ready. */
  void restoreDone() {
    for (HostQueue host : hosts.values()) {
      host.admitted = host.committed + host.unloaded; // the rest of its URLs wait in the store
      if (host.dead) {
        host.nextAllowedAt = 0;
      }
      reindex(host);
    }
  }

  /**
   * Whether the URL's host already has {@code maxPerHost} URLs (0: no limit); when it has and the
   * URL is not one of them ({@code seen}), marks the host for the summary: a link was left out.
   */
  boolean overBudget(String url, long maxPerHost, Predicate<String> seen) {
    if (maxPerHost <= 0) {
      return false;
    }
    HostQueue host = hosts.get(hostKeyOf.apply(url));
    if (host == null || host.admitted < maxPerHost) {
      return false;
    }
    host.overBudget |= !seen.test(url);
    return true;
  }

  /** The host with this store id, or null. */
  HostQueue byId(long id) {
    return hostsById.get(id);
  }

  Collection<HostQueue> all() {
    return hosts.values();
  }

  int size() {
    return hosts.size();
  }

  /** Jobs queued in the hosts' windows and in the store. */
  long queued() {
    return queued;
  }

  // ---- queues ----

  /** How many jobs a host's window holds now: fewer as hosts become many. */
  private int window() {
    return Math.max(1, Math.min(WINDOW, MEMORY_JOBS / Math.max(1, hosts.size())));
  }

  /** Adds a new job at the end of its host's queue: in the window while the store has no more. */
  void append(HostQueue host, CrawlJob job) {
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

  /** Puts the job first in its host's queue (a retry whose time came, a redirect hop). */
  void addFirst(HostQueue host, CrawlJob job) {
    unready(host);
    host.jobs.addFirst(job);
    queued++;
    reindex(host);
  }

  /** The host's next job, loading the next part of its queue from the store when needed. */
  CrawlJob peek(HostQueue host) {
    if (host.jobs.isEmpty() && host.unloaded > 0) {
      load(host);
    }
    return host.jobs.peek();
  }

  /** Takes the host's next job off its queue; null when it has none. */
  CrawlJob take(HostQueue host) {
    peek(host);
    CrawlJob job = host.jobs.poll();
    if (job != null) {
      queued--;
    }
    return job;
  }

  private void load(HostQueue host) {
    List<JobCodec.Stored> loaded = persistence.loadJobs(host.id, host.cursor, window());
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
        presets.put(job.id(), new Frontier.Skip(job, s.presetReason(), s.presetFailed()));
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

  /** Registers the record a job gets without a fetch. */
  void preset(Frontier.Skip skip) {
    presets.put(skip.job().id(), skip);
  }

  boolean hasPreset(long jobId) {
    return presets.containsKey(jobId);
  }

  /** The job's preset record, removed; null when it has none. */
  Frontier.Skip takePreset(long jobId) {
    return presets.remove(jobId);
  }

  // ---- the ready set ----

  /**
   * The host whose turn has come at {@code now}, taken out of the ready set with a new turn (the
   * caller puts it back with {@link #reindex}); null when none.
   */
  HostQueue nextReady(long now) {
    if (ready.isEmpty() || ready.first().nextAllowedAt > now) {
      return null;
    }
    HostQueue host = ready.pollFirst();
    host.inReady = false;
    host.turn = nextTurn++;
    return host;
  }

  /** The earliest time a ready host may be asked, or {@link Long#MAX_VALUE} when none is ready. */
  long nextAllowedAt() {
    return ready.isEmpty() ? Long.MAX_VALUE : ready.first().nextAllowedAt;
  }

  /** Takes the host out of the ready set before its place in the order changes. */
  void unready(HostQueue host) {
    if (host.inReady) {
      ready.remove(host);
      host.inReady = false;
    }
  }

  /** Puts the host in the ready set if it has work and may take another request now or later. */
  void reindex(HostQueue host) {
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

  // ---- reports ----

  /** See {@link Frontier#hostCounts}. */
  Frontier.HostCounts counts(long now) {
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
        reasons.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    return new Frontier.HostCounts(active, paused, reason, reasons);
  }

  /**
   * The {@code n} hosts with the longest mean response time and the {@code n} with the most
   * failures, in that order; one pass that builds reports only for those.
   */
  Frontier.TopHosts top(long now, int n) {
    Comparator<HostQueue> slow =
        Comparator.comparingLong((HostQueue h) -> h.totalFetchMs / h.requests)
            .thenComparing(h -> h.key, Comparator.reverseOrder());
    Comparator<HostQueue> failing =
        Comparator.comparingLong((HostQueue h) -> h.failures)
            .thenComparing(h -> h.key, Comparator.reverseOrder());
    PriorityQueue<HostQueue> slowest = new PriorityQueue<>(slow);
    PriorityQueue<HostQueue> mostFailing = new PriorityQueue<>(failing);
    for (HostQueue h : hosts.values()) {
      if (h.requests > 0 && !h.key.equals(INVALID_HOST)) {
        keepTop(slowest, h, n, slow);
        if (h.failures > 0) {
          keepTop(mostFailing, h, n, failing);
        }
      }
    }
    return new Frontier.TopHosts(reports(slowest, now), reports(mostFailing, now));
  }

  private static void keepTop(
      PriorityQueue<HostQueue> top, HostQueue h, int n, Comparator<HostQueue> order) {
    if (top.size() < n) {
      top.add(h);
    } else if (n > 0 && order.compare(h, top.peek()) > 0) {
      top.poll();
      top.add(h);
    }
  }

  /** Reports of the hosts in {@code top}, the greatest first. */
  private static List<HostReport> reports(PriorityQueue<HostQueue> top, long now) {
    List<HostReport> reports = new ArrayList<>(top.size());
    while (!top.isEmpty()) {
      reports.add(top.poll().report(now));
    }
    java.util.Collections.reverse(reports);
    return reports;
  }

  /** Every real host's report (for the summary). */
  List<HostReport> reports(long now) {
    List<HostReport> reports = new ArrayList<>(hosts.size());
    for (HostQueue h : hosts.values()) {
      if (!h.key.equals(INVALID_HOST)) {
        reports.add(h.report(now));
      }
    }
    return reports;
  }
}
