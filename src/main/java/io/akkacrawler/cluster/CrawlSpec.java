package io.akkacrawler.cluster;

import akka.actor.typed.ActorRef;
import akka.cluster.UniqueAddress;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.fetch.NodeParts;
import java.util.List;

/**
 * What a node needs to fetch for the crawl: the coordinator's {@code crawler} config section (in
 * HOCON), the seeds (the scope is derived from them), whether the crawl can be resumed after the
 * coordinator's crash (it runs with {@code --state}) and where answers too large for one message go
 * (the coordinator's {@link ResultInbox}; null until the coordinator has one), and the name of the
 * coordinator's output file when each node writes its own part of the output ({@code parts}; null
 * when the coordinator writes every record). Workers ask for it when they join.
 */
public record CrawlSpec(
    String crawlerConfig,
    List<String> seeds,
    boolean resumable,
    ActorRef<ResultInbox.Command> inbox,
    String parts)
    implements CrawlMessage {
  public CrawlSpec {
    seeds = List.copyOf(seeds);
  }

  /** A spec whose coordinator writes every record. */
  public CrawlSpec(
      String crawlerConfig,
      List<String> seeds,
      boolean resumable,
      ActorRef<ResultInbox.Command> inbox) {
    this(crawlerConfig, seeds, resumable, inbox, null);
  }

  /** This spec with the coordinator's inbox. */
  public CrawlSpec withInbox(ActorRef<ResultInbox.Command> inbox) {
    return new CrawlSpec(crawlerConfig, seeds, resumable, inbox, parts);
  }

  /**
   * The file a node writes its part to, in {@code dir}: the output's name with the node's address
   * and incarnation ({@code out.jsonl} from 127.0.0.1:2552 → {@code
   * out.part-127.0.0.1-2552-1a2b3c4d.jsonl}), so that no two nodes or runs share a part.
   */
  public java.nio.file.Path partFile(java.nio.file.Path dir, UniqueAddress node) {
    String base = parts.endsWith(".jsonl") ? parts.substring(0, parts.length() - 6) : parts;
    return dir.resolve(NodeParts.partName(base, nodeName(node)));
  }

  /** The name that marks the parts {@code node} writes (see {@link NodeParts#nodeName}). */
  static String nodeName(UniqueAddress node) {
    return NodeParts.nodeName(
        node.address().host().getOrElse(() -> "local"),
        (Integer) node.address().port().getOrElse(() -> 0),
        node.longUid());
  }
}
