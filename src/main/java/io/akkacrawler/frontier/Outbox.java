package io.akkacrawler.frontier;

import akka.actor.typed.ActorRef;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;

/**
 * How the supervisor's work reaches the others: a page goes to the fetchers once the collector has
 * heard of it, robots.txt and sitemap requests go to the fetchers, and a record decided without a
 * request goes straight to the collector. Every answer goes to the collector, which writes what it
 * holds for the WARC files before it reports or passes it on.
 */
final class Outbox {
  private final ActorRef<Collector.Command> collector;
  private final ActorRef<Fetcher.Command> fetchers;

  Outbox(ActorRef<Collector.Command> collector, ActorRef<Fetcher.Command> fetchers) {
    this.collector = collector;
    this.fetchers = fetchers;
  }

  /** Sends the work; the answers go to {@code answers}, the collector's. */
  void send(Frontier.Work work, ActorRef<Fetcher.Reply> answers) {
    if (work instanceof Frontier.FetchPage p) {
      collector.tell(new Collector.Open(p.job().id(), p.dispatchId()));
      fetchers.tell(new Fetcher.Fetch(p.job(), p.dispatchId(), p.cookie(), answers));
    } else if (work instanceof Frontier.FetchRobots r) {
      fetchers.tell(new Fetcher.FetchRobots(r.host(), r.dispatchId(), answers));
    } else if (work instanceof Frontier.FetchSitemap m) {
      fetchers.tell(new Fetcher.FetchSitemap(m.host(), m.url(), m.dispatchId(), answers));
    } else if (work instanceof Frontier.Skip k) {
      record(k.job().unattempted(), Verdicts.skipped(k));
    }
  }

  /** The job's record, decided without a request. */
  void record(CrawlJob job, FetchResult result) {
    collector.tell(new Collector.Open(job.id(), 0));
    collector.tell(new Collector.Finish(job, result));
  }

  /** Cluster node {@code nodeName} left: the collector hears of it (its part's jobs are redone). */
  void nodeGone(String nodeName) {
    collector.tell(new Collector.NodeGone(nodeName));
  }
}
