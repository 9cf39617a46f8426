package io.akkacrawler.collect;

import akka.actor.typed.ActorRef;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.FetchResult;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The collector's handling of the answers relayed by cluster nodes: counts them per node and
 * confirms each to its node ({@link ReceiptBatches}: several at once), saying whether it was taken.
 * For nodes that write their own output parts, takes a node's compact answer when its dispatch is
 * the awaited one (the node then writes the record), and counts the job done once the node's part
 * holds the record. Part of the {@link Collector}'s state (its map of open jobs is shared), used on
 * its thread only; {@code parts} is null when the collector writes every record.
 */
final class RemoteAnswers {
  private final OutputParts parts;
  private final OpenJobs open;
  private final CrawlStats stats;
  private final CrawlListener listener;
  private final ActorRef<Collector.Event> supervisor;
  private final Logger log;
  private final akka.actor.Address self;
  private final ReceiptBatches receipts;

  RemoteAnswers(
      OutputParts parts,
      OpenJobs open,
      CrawlStats stats,
      CrawlListener listener,
      ActorRef<Collector.Event> supervisor,
      akka.actor.typed.javadsl.ActorContext<?> collector,
      ReceiptBatches receipts) {
    this.receipts = receipts;
    this.parts = parts;
    this.open = open;
    this.stats = stats;
    this.listener = listener;
    this.supervisor = supervisor;
    this.log = collector.getLog();
    this.self = collector.getSystem().address();
  }

  /**
   * A node relayed the answer {@code m}, which the collector takes now if its dispatch is the
   * awaited one and the output is still written ({@code writable}): a page's record is written and
   * its links admitted. Call it before the collector takes the answer.
   */
  void relayed(Fetcher.Fetched m, boolean writable) {
    boolean taken = open.awaits(m.job().id(), m.dispatchId());
    if (taken) {
      // Counted here, where each answer arrives once, so a node killed before it could report its
      // own count is not undercounted.
      stats.answeredBy(m.confirmTo(), self);
    }
    receipts.add(m.confirmTo(), new Fetcher.Received(m.dispatchId(), taken && writable));
  }

  /**
   * A node has the record of a job: it is told to write it if its answer is taken ({@code
   * writable}: the output is still being written), else to drop it.
   */
  void recorded(NodeParts.Recorded r, boolean writable) {
    OutputParts.Take take =
        writable && open.awaits(r.job().id(), r.dispatchId())
            ? parts.take(r)
            : OutputParts.Take.REFUSED;
    if (take == OutputParts.Take.FIRST) {
      stats.answeredBy(r.confirmTo(), self);
      if (!r.setCookies().isEmpty()) {
        supervisor.tell(new Collector.CookiesReceived(r.job().fetchUrl(), r.setCookies()));
      }
      // Its links are admitted now (the node leaves them out of its next answers), the job is
      // done when the part holds the record.
      if (r.result() instanceof FetchResult.Fetched p && !p.follow().isEmpty()) {
        supervisor.tell(new Collector.LinksFound(r.job(), p.follow()));
      }
    }
    receipts.add(
        r.confirmTo(), new Fetcher.Received(r.dispatchId(), take != OutputParts.Take.REFUSED));
  }

  /**
   * Node {@code nodeName} left the crawl: the jobs whose records its parts did not flush are done
   * again now, not after the dispatch deadline. Returns {@code behavior} (the collector's).
   */
  <T> T nodeGone(String nodeName, T behavior) {
    if (parts != null) {
      List<OutputParts.Taken> lost = parts.nodeGone(nodeName);
      if (!lost.isEmpty()) {
        log.info("Node {} left before its part held {} records: done again", nodeName, lost.size());
      }
      again(lost);
    }
    return behavior;
  }

  /** Jobs whose records will not be in the part they were taken for: dispatched again. */
  private void again(List<OutputParts.Taken> lost) {
    for (OutputParts.Taken t : lost) {
      if (open.awaits(t.job().id(), t.dispatchId())) {
        // No answer of this dispatch counts any more (it would be taken for another part while the
        // supervisor dispatches the job again); the next dispatch opens the job again.
        open.waiting(t.job().id());
        supervisor.tell(
            new Collector.RetryLater(t.job(), t.dispatchId(), new FetchResult.Restarted()));
      }
    }
  }

  /** The job went to dispatch {@code dispatchId}: a node's answer taken for another is void. */
  void dispatched(long jobId, long dispatchId) {
    if (parts != null) {
      parts.dispatched(jobId, dispatchId);
    }
  }

  /**
   * A node's part holds more records: their jobs are done (the supervisor hears of each). Returns
   * their ids, to be committed with the part's length.
   */
  List<Long> flushed(NodeParts.Flushed f) {
    OutputParts.Flush flush = parts.flushed(f);
    if (flush.gap()) {
      log.warn("Output part {} missed a flush: its jobs since then are done again", f.part());
      again(flush.lost());
    } else if (!flush.strays().isEmpty()) {
      log.warn("Output part {} holds {} records written twice", f.part(), flush.strays().size());
    }
    List<Long> done = new ArrayList<>(flush.done().size());
    for (OutputParts.Taken t : flush.done()) {
      if (open.awaits(t.job().id(), t.dispatchId())) {
        open.close(t.job().id());
        CrawlRecord record = Records.of(t.job(), t.result(), List.of());
        stats.recorded(record, t.job().url(), t.links());
        listener.onRecord(record);
        done.add(t.job().id());
        // Its links were admitted when its answer was taken (LinksFound).
        supervisor.tell(new Collector.PageDone(t.job(), List.of(), Feedback.of(t.result())));
      }
    }
    return done;
  }
}
