package io.akkacrawler.cluster;

import akka.actor.typed.receptionist.ServiceKey;

/** The receptionist keys the nodes of a crawl find each other by. */
final class WorkKeys {
  /** The coordinator's distributor of jobs: the nodes' feeds pull from it. */
  static final ServiceKey<WorkDistributor.Command> DISTRIBUTOR =
      ServiceKey.create(WorkDistributor.Command.class, "crawl-distributor");

  /** The job feed of every fetching node. */
  static final ServiceKey<JobFeed.Command> FEEDS =
      ServiceKey.create(JobFeed.Command.class, "crawl-feeds");

  /** The coordinator's monitor: hands out the crawl's spec, collects node figures. */
  static final ServiceKey<ClusterMonitor.Command> MONITOR =
      ServiceKey.create(ClusterMonitor.Command.class, "crawl-monitor");

  /** Every fetching node, to be told when the crawl is over. */
  static final ServiceKey<WorkerNode.Command> NODES =
      ServiceKey.create(WorkerNode.Command.class, "crawl-nodes");

  private WorkKeys() {}
}
