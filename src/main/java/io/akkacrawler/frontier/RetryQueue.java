package io.akkacrawler.frontier;

import io.akkacrawler.job.CrawlJob;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Jobs waiting to be tried again, each with its not-before time: they go back to their host's queue
 * when their time comes, unless a late answer finished them first.
 */
final class RetryQueue {
  private record Waiting(CrawlJob job, long notBefore) {}

  private final PriorityQueue<Waiting> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Waiting::notBefore));
  private final Map<Long, Waiting> byId = new HashMap<>();

  /** The job waits until {@code notBefore}. */
  void add(CrawlJob job, long notBefore) {
    Waiting w = new Waiting(job, notBefore);
    byId.put(job.id(), w);
    waiting.add(w);
  }

  /** The job no longer waits (a late answer finished it): the job, or null when it did not. */
  CrawlJob remove(long jobId) {
    Waiting w = byId.remove(jobId);
    return w == null ? null : w.job();
  }

  /** Hands every job whose time has come at {@code now} to {@code due}, earliest first. */
  void takeDue(long now, Consumer<CrawlJob> due) {
    while (!waiting.isEmpty() && waiting.peek().notBefore() <= now) {
      Waiting w = waiting.poll();
      // Skip entries whose job was finished by a late answer (lazy deletion).
      if (byId.get(w.job().id()) == w) {
        byId.remove(w.job().id());
        due.accept(w.job());
      }
    }
  }

  /** The earliest not-before time, or {@link Long#MAX_VALUE} when nothing waits. */
  long nextNotBefore() {
    Waiting w = waiting.peek();
    return w == null ? Long.MAX_VALUE : w.notBefore();
  }

  /** Jobs waiting. */
  int size() {
    return byId.size();
  }
}
