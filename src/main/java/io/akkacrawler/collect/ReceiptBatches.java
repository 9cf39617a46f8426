package io.akkacrawler.collect;

import akka.actor.typed.ActorRef;
import io.akkacrawler.fetch.Fetcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The receipts the collector owes the cluster nodes for their answers, sent together: one message
 * per node for the answers the collector took in one go (its mailbox's batch), instead of one per
 * answer. The first receipt after a send asks for the next send ({@code schedule}: a message to the
 * collector itself, which comes after the answers already in its mailbox). Used on the collector's
 * thread only.
 */
final class ReceiptBatches {
  /** Receipts in one message at most: a few KiB, far below the transport's frame size. */
  static final int MAX_BATCH = 512;

  private final Map<ActorRef<Fetcher.Receipt>, List<Fetcher.Received>> pending =
      new LinkedHashMap<>();
  private final Runnable schedule;

  ReceiptBatches(Runnable schedule) {
    this.schedule = schedule;
  }

  /** Owes {@code to} the receipt {@code r}. */
  void add(ActorRef<Fetcher.Receipt> to, Fetcher.Received r) {
    if (pending.isEmpty()) {
      schedule.run();
    }
    List<Fetcher.Received> batch = pending.computeIfAbsent(to, k -> new ArrayList<>());
    batch.add(r);
    if (batch.size() >= MAX_BATCH) {
      to.tell(new Fetcher.Receipts(batch));
      batch.clear();
    }
  }

  /**
   * Sends every receipt owed: one alone as it is, several to the same node as one message. Returns
   * {@code behavior} (the collector's).
   */
  <T> T send(T behavior) {
    pending.forEach(
        (to, batch) -> {
          if (batch.size() == 1) {
            to.tell(batch.get(0));
          } else if (!batch.isEmpty()) {
            to.tell(new Fetcher.Receipts(batch));
          }
        });
    pending.clear();
    return behavior;
  }
}
