package io.akkacrawler.cluster;

import io.akkacrawler.CrawlMessage;
import java.util.List;

/**
 * What a node needs to fetch for the crawl: the coordinator's {@code crawler} config section (in
 * HOCON), the seeds (the scope is derived from them) and whether the crawl can be resumed after the
 * coordinator's crash (it runs with {@code --state}). Workers ask for it when they join.
 */
public record CrawlSpec(String crawlerConfig, List<String> seeds, boolean resumable)
    implements CrawlMessage {
  public CrawlSpec {
    seeds = List.copyOf(seeds);
  }
}
