package io.akkacrawler.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.akkacrawler.fetch.Fetcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The collector's receipts go to each node together, one message for what it took in one go. */
class ReceiptBatchesTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Receipt> nodeA = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> nodeB = testKit.createTestProbe();
  private final AtomicInteger scheduled = new AtomicInteger();
  private final ReceiptBatches receipts = new ReceiptBatches(scheduled::incrementAndGet);

  @Test
  void receiptsOwedTogetherGoAsOneMessagePerNodeAndAsItIsWhenAlone() {
    receipts.add(nodeA.ref(), new Fetcher.Received(1, true));
    receipts.add(nodeB.ref(), new Fetcher.Received(2, false));
    receipts.add(nodeA.ref(), new Fetcher.Received(3, false));
    assertEquals(1, scheduled.get(), "one send asked for");
    nodeA.expectNoMessage(Duration.ofMillis(50));

    assertEquals("collector", receipts.send("collector"));
    assertEquals(
        new Fetcher.Receipts(List.of(new Fetcher.Received(1, true), new Fetcher.Received(3))),
        nodeA.receiveMessage());
    assertEquals(new Fetcher.Received(2, false), nodeB.receiveMessage());

    receipts.send("collector"); // nothing owed: nothing sent
    nodeA.expectNoMessage(Duration.ofMillis(50));
    receipts.add(nodeA.ref(), new Fetcher.Received(4));
    assertEquals(2, scheduled.get(), "the next receipt asks for the next send");
  }

  @Test
  void aLongBatchGoesAtOnceWithoutWaitingForTheSend() {
    IntStream.rangeClosed(1, ReceiptBatches.MAX_BATCH + 1)
        .forEach(n -> receipts.add(nodeA.ref(), new Fetcher.Received(n)));
    Fetcher.Receipts full = (Fetcher.Receipts) nodeA.receiveMessage();
    assertEquals(ReceiptBatches.MAX_BATCH, full.receipts().size());
    receipts.send("collector");
    assertEquals(new Fetcher.Received(ReceiptBatches.MAX_BATCH + 1), nodeA.receiveMessage());
  }
}
