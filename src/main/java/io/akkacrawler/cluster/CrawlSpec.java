package io.akkacrawler.cluster;

import akka.actor.typed.ActorRef;
import io.akkacrawler.CrawlMessage;
import java.util.List;

/**
 * What a node needs to fetch for the crawl: the coordinator's {@code crawler} config section (in
 * HOCON), the seeds (the scope is derived from them), whether the crawl can be resumed after the
 * coordinator's crash (it runs with {@code --state}) and where answers too large for one message go
 * (the coordinator's {@link ResultInbox}; null until the coordinator has one). Workers ask for it
 * when they join.
 */
public record CrawlSpec(
    String crawlerConfig,
    List<String> seeds,
    boolean resumable,
    ActorRef<ResultInbox.Command> inbox)
    implements CrawlMessage {
  public CrawlSpec {
    seeds = List.copyOf(seeds);
  }

  /** This spec with the coordinator's inbox. */
  public CrawlSpec withInbox(ActorRef<ResultInbox.Command> inbox) {
    return new CrawlSpec(crawlerConfig, seeds, resumable, inbox);
  }
}
