package io.akkacrawler.frontier;

import akka.actor.typed.ActorRef;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;

/**
 * How the supervisor's work reaches the others: a page goes to the fetchers once the collector has
 * heard of it, robots.txt and sitemap requests go to the fetchers, and a record decided without a
 * request goes straight to the collector.
 */
final class Outbox {
  private final ActorRef<Collector.Command> collector;
  private final ActorRef<Fetcher.Command> fetchers;
  private final ActorRef<Fetcher.Reply> siteAnswers;

  /** Robots.txt and sitemap answers go to {@code siteAnswers}. */
  Outbox(
      ActorRef<Collector.Command> collector,
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<Fetcher.Reply> siteAnswers) {
    this.collector = collector;
    this.fetchers = fetchers;
    this.siteAnswers = siteAnswers;
  }

  /** Sends the work; page answers go to {@code pageAnswers}. */
  void send(Frontier.Work work, ActorRef<Fetcher.Reply> pageAnswers) {
    if (work instanceof Frontier.FetchPage p) {
      collector.tell(new Collector.Open(p.job().id(), p.dispatchId()));
      fetchers.tell(new Fetcher.Fetch(p.job(), p.dispatchId(), p.cookie(), pageAnswers));
    } else if (work instanceof Frontier.FetchRobots r) {
      fetchers.tell(new Fetcher.FetchRobots(r.host(), r.dispatchId(), siteAnswers));
    } else if (work instanceof Frontier.FetchSitemap m) {
      fetchers.tell(new Fetcher.FetchSitemap(m.host(), m.url(), m.dispatchId(), siteAnswers));
    } else if (work instanceof Frontier.Skip k) {
      record(k.job(), Verdicts.skipped(k));
    }
  }

  /** The job's record, decided without a request. */
  void record(CrawlJob job, FetchResult result) {
    collector.tell(new Collector.Open(job.id(), 0));
    collector.tell(new Collector.Finish(job, result));
  }
}
