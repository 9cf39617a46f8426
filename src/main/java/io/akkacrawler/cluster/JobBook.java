package io.akkacrawler.cluster;

import io.akkacrawler.fetch.Fetcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link WorkDistributor}'s book: the jobs that wait for a node, and for each node (known by
 * its feed, {@code F}) how many jobs it can hold (its window) and which it holds. A node gets jobs
 * only up to its window (its credit), in batches; the jobs it reports done give it credit again. A
 * node that leaves the crawl (its feed is no longer listed) gives its jobs back, first in line for
 * the other nodes. A job neither reported done nor given back within the dispatch deadline has been
 * dispatched again by the crawl (its answer was lost with a message): it no longer counts against
 * the node's window. No I/O and no actors: the distributor is its shell.
 */
final class JobBook<F> {
  /** The most jobs one batch carries. */
  static final int MAX_BATCH = 128;

  /** About the most characters of URLs and cookies in one batch: far below Akka's frame size. */
  static final int MAX_BATCH_CHARS = 48 * 1024;

  /** A batch of jobs for one node. */
  record Batch<F>(F feed, List<Fetcher.Command> jobs) {}

  private record Held(Fetcher.Command job, long sinceNanos) {}

  private static final class Node {
    int window;
    boolean listed;
    final LinkedHashMap<Long, Held> held = new LinkedHashMap<>();

    int credit() {
      return listed ? window - held.size() : 0;
    }
  }

  private final ArrayDeque<Fetcher.Command> waiting = new ArrayDeque<>();
  private final Map<F, Node> nodes = new LinkedHashMap<>();
  private final long deadlineNanos;

  /**
   * @param deadlineNanos the crawl's dispatch deadline
   */
  JobBook(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** A job from the crawl, last in line. */
  void add(Fetcher.Command job) {
    waiting.add(job);
  }

  /** {@code feed}'s node can hold {@code window} jobs and is done with {@code done}. */
  void pulled(F feed, int window, Collection<Long> done) {
    Node node = nodes.computeIfAbsent(feed, f -> new Node());
    node.window = window;
    for (Long id : done) {
      node.held.remove(id);
    }
  }

  /**
   * The feeds of the nodes that are in the crawl now: a node no longer among them gives its jobs
   * back, first in line. Returns how many jobs went back.
   */
  int listed(Collection<F> feeds) {
    for (F feed : feeds) {
      nodes.computeIfAbsent(feed, f -> new Node()).listed = true;
    }
    int back = 0;
    for (Map.Entry<F, Node> e : nodes.entrySet()) {
      Node node = e.getValue();
      if (node.listed && !feeds.contains(e.getKey())) {
        node.listed = false;
        List<Held> held = new ArrayList<>(node.held.values());
        for (int i = held.size() - 1; i >= 0; i--) {
          waiting.addFirst(held.get(i).job());
        }
        back += held.size();
        node.held.clear();
      }
    }
    return back;
  }

  /** Forgets jobs held longer than the dispatch deadline (the crawl sent them again). */
  int sweep(long nowNanos) {
    int forgotten = 0;
    for (Node node : nodes.values()) {
      Iterator<Held> it = node.held.values().iterator();
      while (it.hasNext()) {
        if (nowNanos - it.next().sinceNanos() > deadlineNanos) {
          it.remove();
          forgotten++;
        }
      }
    }
    return forgotten;
  }

  /**
   * The next batch to send, taken off the line and noted as held by its node at {@code nowNanos};
   * null when no job waits or no node has credit. The node with the most credit gets it, at most a
   * quarter of its window at a time, so that nodes with equal credit share the line.
   */
  Batch<F> next(long nowNanos) {
    if (waiting.isEmpty()) {
      return null;
    }
    F best = null;
    Node bestNode = null;
    for (Map.Entry<F, Node> e : nodes.entrySet()) {
      if (bestNode == null || e.getValue().credit() > bestNode.credit()) {
        best = e.getKey();
        bestNode = e.getValue();
      }
    }
    if (bestNode == null || bestNode.credit() <= 0) {
      return null;
    }
    int max = Math.min(MAX_BATCH, Math.min(bestNode.credit(), Math.max(1, bestNode.window / 4)));
    List<Fetcher.Command> jobs = new ArrayList<>(Math.min(max, waiting.size()));
    long chars = 0;
    while (jobs.size() < max && !waiting.isEmpty() && chars < MAX_BATCH_CHARS) {
      Fetcher.Command job = waiting.poll();
      chars += chars(job);
      jobs.add(job);
      bestNode.held.put(dispatchId(job), new Held(job, nowNanos));
    }
    return new Batch<>(best, jobs);
  }

  /** Jobs waiting for a node. */
  int waiting() {
    return waiting.size();
  }

  /** Jobs {@code feed}'s node holds (sent, not reported done). */
  int held(F feed) {
    Node node = nodes.get(feed);
    return node == null ? 0 : node.held.size();
  }

  static long dispatchId(Fetcher.Command job) {
    if (job instanceof Fetcher.Fetch f) {
      return f.dispatchId();
    } else if (job instanceof Fetcher.FetchRobots r) {
      return r.dispatchId();
    } else if (job instanceof Fetcher.FetchSitemap s) {
      return s.dispatchId();
    }
    throw new IllegalArgumentException("not a job for a node: " + job);
  }

  /** The characters a job adds to a batch (its URLs and cookie, plus the rest). */
  private static long chars(Fetcher.Command job) {
    long n = 200;
    if (job instanceof Fetcher.Fetch f) {
      n += f.job().url().length() + length(f.job().fetchUrl()) + length(f.cookie());
      n += length(f.job().parent());
      for (String r : f.job().redirects()) {
        n += r.length();
      }
    } else if (job instanceof Fetcher.FetchSitemap s) {
      n += s.url().length();
    }
    return n;
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }
}
