package io.akkacrawler.collect;

import java.util.HashMap;
import java.util.Map;

/**
 * The jobs that may still get their record, each with the dispatch whose answer is awaited: a late
 * or repeated answer of another dispatch never makes a second record. Part of the {@link
 * Collector}'s state (shared with its {@link RemoteAnswers}), used on its thread only.
 */
final class OpenJobs {
  /** The dispatch of an open job that waits to be tried again. */
  private static final long WAITING = -1;

  private final Map<Long, Long> dispatches = new HashMap<>();

  /** The job went to dispatch {@code dispatchId} (0: a record decided without a fetch). */
  void open(long jobId, long dispatchId) {
    dispatches.put(jobId, dispatchId);
  }

  /** Whether an answer of dispatch {@code dispatchId} is the one awaited for the job. */
  boolean awaits(long jobId, long dispatchId) {
    Long awaited = dispatches.get(jobId);
    return awaited != null && awaited == dispatchId;
  }

  /** The job waits to be tried again: no answer counts until its next dispatch. */
  void waiting(long jobId) {
    dispatches.put(jobId, WAITING);
  }

  /** Closes the job; false when it was not open. */
  boolean close(long jobId) {
    return dispatches.remove(jobId) != null;
  }

  /** Open jobs that do not wait for a retry: in flight, or their record on its way. */
  long inFlight() {
    return dispatches.values().stream().filter(dispatch -> dispatch != WAITING).count();
  }
}
