package io.akkacrawler.cluster;

import io.akkacrawler.CrawlMessage;
import java.util.List;

/**
 * What a node needs to fetch for the crawl: the coordinator's {@code crawler} config section (in
 * HOCON) and the seeds (the scope is derived from them). Workers ask for it when they join.
 */
public record CrawlSpec(String crawlerConfig, List<String> seeds) implements CrawlMessage {
  public CrawlSpec {
    seeds = List.copyOf(seeds);
  }
}
