package io.akkacrawler.cluster;

import akka.actor.typed.delivery.ConsumerController;
import akka.actor.typed.receptionist.ServiceKey;
import io.akkacrawler.fetch.Fetcher;

/** The receptionist keys the nodes of a crawl find each other by. */
final class WorkKeys {
  /** Fetch slots: the work-pulling consumers of every fetching node. */
  static final ServiceKey<ConsumerController.Command<Fetcher.Command>> SLOTS =
      ServiceKey.create(ConsumerController.serviceKeyClass(), "crawl-slots");

  /** The coordinator's monitor: hands out the crawl's spec, collects node figures. */
  static final ServiceKey<ClusterMonitor.Command> MONITOR =
      ServiceKey.create(ClusterMonitor.Command.class, "crawl-monitor");

  /** Every fetching node, to be told when the crawl is over. */
  static final ServiceKey<WorkerNode.Command> NODES =
      ServiceKey.create(WorkerNode.Command.class, "crawl-nodes");

  private WorkKeys() {}
}
