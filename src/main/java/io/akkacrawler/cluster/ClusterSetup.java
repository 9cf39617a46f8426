package io.akkacrawler.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.akkacrawler.config.ClusterSettings;
import java.time.Duration;
import java.util.List;

/**
 * The Akka config of a cluster node: its address, role, seed node and timeouts (from its {@link
 * ClusterSettings}) over the cluster's defaults.
 */
final class ClusterSetup {
  static final String SYSTEM = "akka-crawler";
  static final String COORDINATOR = "coordinator";
  static final String WORKER = "worker";

  private ClusterSetup() {}

  /** The settings of one node, to be put over the crawl's config. */
  static Config nodeConfig(ClusterCrawl.Node node, String role, ClusterSettings settings) {
    String seed = node.join() != null ? node.join() : node.host() + ":" + node.port();
    return ConfigFactory.parseString("akka.actor.provider = cluster")
        .withValue(
            "akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(node.host()))
        .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(node.port()))
        .withValue(
            "akka.cluster.seed-nodes",
            ConfigValueFactory.fromIterable(List.of("akka://" + SYSTEM + "@" + seed)))
        .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
        .withValue(
            "akka.cluster.split-brain-resolver.stable-after", duration(settings.stableAfter()))
        .withValue(
            "akka.cluster.shutdown-after-unsuccessful-join-seed-nodes",
            duration(settings.joinTimeout()))
        .withFallback(ConfigFactory.parseResources("cluster.conf"));
  }

  private static ConfigValue duration(Duration d) {
    return ConfigValueFactory.fromAnyRef(d.toMillis() + "ms");
  }
}
