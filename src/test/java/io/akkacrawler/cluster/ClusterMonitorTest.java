package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's progress line per node, driven by manual time: Akka's timers on {@link
 * ManualTime}, the monitor's clock on {@link #nanos}.
 */
class ClusterMonitorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final TestProbe<WorkerNode.Command> node = testKit.createTestProbe();

  private ActorRef<ClusterMonitor.Command> monitor() {
    return testKit.spawn(
        ClusterMonitor.create(
            new CrawlSpec("{}", List.of("http://a.test/"), false, null),
            lines::add,
            Duration.ofSeconds(1),
            nanos::get));
  }

  /** Waits until the monitor has handled everything told so far. */
  private void settle(ActorRef<ClusterMonitor.Command> monitor) {
    TestProbe<ClusterMonitor.NodeTotals> totals = testKit.createTestProbe();
    monitor.tell(new ClusterMonitor.GetTotals(totals.ref()));
    totals.expectMessageClass(ClusterMonitor.NodeTotals.class);
  }

  private String nextLine(ActorRef<ClusterMonitor.Command> monitor, Duration elapsed)
      throws InterruptedException {
    settle(monitor);
    nanos.addAndGet(elapsed.toNanos());
    manualTime.timePasses(elapsed);
    return lines.poll(10, TimeUnit.SECONDS);
  }

  @Test
  void reportsEachNodesRateAndLeavesOutANodeThatFellSilent() throws InterruptedException {
    ActorRef<ClusterMonitor.Command> monitor = monitor();
    monitor.tell(new ClusterMonitor.NodeStats("w1", 0, 8, node.ref()));
    monitor.tell(new ClusterMonitor.NodeStats("w1", 40, 8, node.ref()));
    assertEquals(
        "  cluster: 1 node fetching | w1 40.0 pages/s (8 slots)",
        nextLine(monitor, Duration.ofSeconds(1)));

    monitor.tell(new ClusterMonitor.NodeStats("w1", 60, 8, node.ref()));
    assertEquals(
        "  cluster: 1 node fetching | w1 20.0 pages/s (8 slots)",
        nextLine(monitor, Duration.ofSeconds(1)));

    // No report for more than three seconds: the node left or was lost.
    nextLine(monitor, Duration.ofSeconds(1));
    nextLine(monitor, Duration.ofSeconds(1));
    nextLine(monitor, Duration.ofSeconds(1));
    assertEquals("  cluster: no node is fetching", nextLine(monitor, Duration.ofSeconds(1)));
  }

  @Test
  void totalsCountEveryJobANodeFinished() {
    ActorRef<ClusterMonitor.Command> monitor = monitor();
    monitor.tell(new ClusterMonitor.NodeStats("w1", 5, 2, node.ref()));
    monitor.tell(new ClusterMonitor.NodeStats("w2", 7, 2, node.ref()));
    monitor.tell(new ClusterMonitor.NodeStats("w1", 9, 2, node.ref()));
    TestProbe<ClusterMonitor.NodeTotals> totals = testKit.createTestProbe();
    monitor.tell(new ClusterMonitor.GetTotals(totals.ref()));
    assertEquals(
        java.util.Map.of("w1", 9L, "w2", 7L),
        totals.expectMessageClass(ClusterMonitor.NodeTotals.class).jobs());
  }
}
