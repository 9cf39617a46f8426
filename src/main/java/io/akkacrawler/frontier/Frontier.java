package io.akkacrawler.frontier;

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
 * hosts ordered by when they may next be asked, retries waiting for their time, and what is in
 * flight with its deadline. Plain class, single-threaded, no I/O; all times are in milliseconds
 * of one monotonic clock chosen by the caller.
 */
public final class Frontier {
  /** What became of a URL offered to the frontier. */
  public enum Admission {
    ADMITTED,
    DUPLICATE,
    OVER_LIMIT
  }

  /** A job handed out for fetching, with the id of this particular dispatch. */
  public record Dispatch(CrawlJob job, long dispatchId) {}

  /** Limits the frontier enforces. */
  public record Limits(long maxPages, int maxPerHost, long delayMs, long deadlineMs) {}

  private final Limits limits;
  private final Function<String, String> hostKeyOf;

  private final Set<String> seen = new HashSet<>();
  private final Map<String, HostQueue> hosts = new HashMap<>();
  private final TreeSet<HostQueue> ready =
      new TreeSet<>(
          Comparator.comparingLong((HostQueue h) -> h.nextAllowedAt)
              .thenComparingLong(h -> h.turn)
              .thenComparing(h -> h.key));
  private final PriorityQueue<Waiting> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Waiting::notBefore));
  private final Map<Long, Waiting> waitingById = new HashMap<>();
  private final Map<Long, InFlight> inFlight = new HashMap<>();

  private long nextJobId = 1;
  private long nextDispatchId = 1;
  private long nextTurn = 1;
  private long admitted;
  private int queued;
  private int dispatched;

  public Frontier(Limits limits, Function<String, String> hostKeyOf) {
    this.limits = limits;
    this.hostKeyOf = hostKeyOf;
  }

  /** Offers a normalized URL; an admitted one is queued behind the others of its host. */
  public Admission admit(String url, int depth, String parent) {
    if (seen.contains(url)) {
      return Admission.DUPLICATE;
    }
    if (limits.maxPages() > 0 && admitted >= limits.maxPages()) {
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

  /**
   * The next job whose host may be asked at {@code now}, registered as in flight until
   * {@code now + deadline}; null when nothing is ready.
   */
  public Dispatch poll(long now) {
    promoteWaiting(now);
    HostQueue host = ready.isEmpty() ? null : ready.first();
    if (host == null || host.nextAllowedAt > now) {
      return null;
    }
    ready.remove(host);
    host.inReady = false;
    CrawlJob job = host.queue.poll();
    queued--;
    host.inFlight++;
    host.turn = nextTurn++;
    reindex(host);
    long dispatchId = nextDispatchId++;
    inFlight.put(job.id(), new InFlight(job, dispatchId, now + limits.deadlineMs(), host));
    dispatched++;
    return new Dispatch(job, dispatchId);
  }

  /**
   * Ends the dispatch {@code dispatchId} of a job (its answer came: a retry, a redirect) and frees
   * its host slot. Returns the job, or null when that dispatch is no longer current.
   */
  public CrawlJob endDispatch(long jobId, long dispatchId, long now) {
    InFlight f = inFlight.get(jobId);
    if (f == null || f.host == null || f.dispatchId != dispatchId) {
      return null;
    }
    inFlight.remove(jobId);
    release(f, now);
    return f.job;
  }

  /** The job's record was written: it leaves the frontier for good. False when it was unknown. */
  public boolean complete(long jobId, long now) {
    InFlight f = inFlight.remove(jobId);
    if (f != null) {
      release(f, now);
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

  /** In-flight dispatches past their deadline; they are removed and their host slots freed. */
  public List<CrawlJob> overdue(long now) {
    List<CrawlJob> late = new ArrayList<>();
    for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
      InFlight f = it.next();
      if (f.host != null && f.deadline <= now) {
        it.remove();
        release(f, now);
        late.add(f.job);
      }
    }
    return late;
  }

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
    return queued == 0 && waitingById.isEmpty() && inFlight.isEmpty();
  }

  /** Jobs handed to fetchers and not yet answered. */
  public int dispatched() {
    return dispatched;
  }

  public int queued() {
    return queued;
  }

  public int waitingRetries() {
    return waitingById.size();
  }

  /** Jobs dispatched or awaiting their record. */
  public int outstanding() {
    return inFlight.size();
  }

  public long admitted() {
    return admitted;
  }

  public int hosts() {
    return hosts.size();
  }

  public int seenCount() {
    return seen.size();
  }

  private void enqueue(CrawlJob job, boolean first) {
    String key = hostKeyOf.apply(job.fetchUrl());
    HostQueue host = hosts.get(key);
    if (host == null) {
      host = new HostQueue(key, nextTurn++);
      hosts.put(key, host);
    }
    if (host.inReady) {
      ready.remove(host);
      host.inReady = false;
    }
    if (first) {
      host.queue.addFirst(job);
    } else {
      host.queue.addLast(job);
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

  private void release(InFlight f, long now) {
    if (f.host == null) {
      return;
    }
    dispatched--;
    HostQueue host = f.host;
    if (host.inReady) {
      ready.remove(host);
      host.inReady = false;
    }
    host.inFlight--;
    host.nextAllowedAt = Math.max(host.nextAllowedAt, now + limits.delayMs());
    reindex(host);
  }

  /** Puts the host in the ready set if it has work and a free slot (it must not be there now). */
  private void reindex(HostQueue host) {
    boolean eligible =
        !host.queue.isEmpty() && (limits.maxPerHost() <= 0 || host.inFlight < limits.maxPerHost());
    if (eligible && !host.inReady) {
      ready.add(host);
      host.inReady = true;
    }
  }

  private static final class HostQueue {
    final String key;
    final ArrayDeque<CrawlJob> queue = new ArrayDeque<>();
    int inFlight;
    long nextAllowedAt;
    long turn;
    boolean inReady;

    HostQueue(String key, long turn) {
      this.key = key;
      this.turn = turn;
    }

    @Override
    public String toString() {
      return key;
    }
  }

  private record Waiting(CrawlJob job, long notBefore) {}

  private record InFlight(CrawlJob job, long dispatchId, long deadline, HostQueue host) {}
}
