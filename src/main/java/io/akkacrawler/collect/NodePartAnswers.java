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
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The collector's handling of the answers of cluster nodes that write their own output parts: takes
 * a node's compact answer when its dispatch is the awaited one (the node then writes the record),
 * and counts the job done once the node's part holds the record. Part of the {@link Collector}'s
 * state (its map of open jobs is shared), used on its thread only; {@code parts} is null when the
 * collector writes every record.
 */
final class NodePartAnswers {
  private final OutputParts parts;
  private final Map<Long, Long> open;
  private final CrawlStats stats;
  private final CrawlListener listener;
  private final ActorRef<Collector.Event> supervisor;
  private final Logger log;
  private final Function<ActorRef<?>, String> nodeOf;

  NodePartAnswers(
      OutputParts parts,
      Map<Long, Long> open,
      CrawlStats stats,
      CrawlListener listener,
      ActorRef<Collector.Event> supervisor,
      Logger log,
      Function<ActorRef<?>, String> nodeOf) {
    this.parts = parts;
    this.open = open;
    this.stats = stats;
    this.listener = listener;
    this.supervisor = supervisor;
    this.log = log;
    this.nodeOf = nodeOf;
  }

  /**
   * A node has the record of a job: it is told to write it if its answer is taken ({@code
   * writable}: the output is still being written), else to drop it.
   */
  void recorded(NodeParts.Recorded r, boolean writable) {
    Long awaited = open.get(r.job().id());
    boolean take = writable && awaited != null && awaited == r.dispatchId();
    if (take && parts.take(r)) {
      stats.answeredBy(nodeOf.apply(r.confirmTo()));
      if (!r.setCookies().isEmpty()) {
        supervisor.tell(new Collector.CookiesReceived(r.job().fetchUrl(), r.setCookies()));
      }
    }
    r.confirmTo().tell(new Fetcher.Received(r.dispatchId(), take));
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
    } else if (!flush.strays().isEmpty()) {
      log.warn("Output part {} holds {} records written twice", f.part(), flush.strays().size());
    }
    List<Long> done = new ArrayList<>(flush.done().size());
    for (OutputParts.Taken t : flush.done()) {
      Long awaited = open.get(t.job().id());
      if (awaited != null && awaited == t.dispatchId()) {
        open.remove(t.job().id());
        CrawlRecord record = Records.of(t.job(), t.result(), List.of());
        stats.recorded(record, t.job().url(), t.links());
        listener.onRecord(record);
        done.add(t.job().id());
        List<String> follow = t.result() instanceof FetchResult.Fetched p ? p.follow() : List.of();
        supervisor.tell(new Collector.PageDone(t.job(), follow, Feedback.of(t.result())));
      }
    }
    return done;
  }
}
