package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A worker that lost its coordinator asks whether the coordinator's process is still there before
 * it calls the crawl lost: a killed coordinator's port refuses, a live one's accepts (this node was
 * only taken out of the cluster, and joins again).
 */
class CoordinatorProbeTest {
  @Test
  void aListeningCoordinatorIsThereAndAClosedPortIsNot() throws Exception {
    int closed;
    try (ServerSocket live = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertTrue(ClusterCrawl.listening("127.0.0.1:" + live.getLocalPort()));
      closed = live.getLocalPort();
    }
    assertFalse(ClusterCrawl.listening("127.0.0.1:" + closed), "its process is gone");
    assertFalse(ClusterCrawl.listening("no-port"));
  }
}
