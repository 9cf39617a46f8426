package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's feed gives each job to a free slot and asks the distributor for more as slots free. */
class JobFeedTest {
  private final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.testkit.typed.single-expect-default = 30s")
              .withFallback(ConfigFactory.load()));

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A job a slot was given, or a receipt passed on to it (dispatchId: the receipt's). */
  private record Ran(ActorRef<WorkerSlot.Command> slot, long dispatchId) {}

  private final TestProbe<Ran> ran = testKit.createTestProbe();
  private final TestProbe<WorkDistributor.Command> distributor = testKit.createTestProbe();

  private static Fetcher.Command job(int n) {
    return new Fetcher.Fetch(CrawlJob.of(n, "http://a.test/" + n, 0, null), n, null);
  }

  private final TestProbe<Ran> confirmed = testKit.createTestProbe();
  private ActorRef<Fetcher.Receipt> receipts;

  /** Lists {@code d} with the receptionist as the crawl's distributor. */
  private void listDistributor(ActorRef<WorkDistributor.Command> d) {
    TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
    testKit
        .system()
        .receptionist()
        .tell(Receptionist.register(WorkKeys.DISTRIBUTOR, d, registered.ref()));
    registered.receiveMessage();
  }

  /**
   * A feed of {@code slots} slots that tell {@link #ran} what they are given, {@link #confirmed}
   * the receipts passed on to them.
   */
  private ActorRef<JobFeed.Command> startFeed(int slots) {
    listDistributor(distributor.ref());
    return testKit.spawn(
        JobFeed.create(
            slots,
            (feed, confirmTo) -> {
              receipts = confirmTo;
              return Behaviors.setup(
                  context ->
                      Behaviors.receiveMessage(
                          m -> {
                            if (m instanceof WorkerSlot.Run run) {
                              ran.ref()
                                  .tell(new Ran(context.getSelf(), JobBook.dispatchId(run.job())));
                            } else if (m instanceof WorkerSlot.Received r) {
                              confirmed
                                  .ref()
                                  .tell(new Ran(context.getSelf(), r.received().dispatchId()));
                            }
                            return Behaviors.same();
                          }));
            }));
  }

  @Test
  void jobsGoToFreeSlotsAndTheRestWaitForTheFirstSlotToBeFree() {
    ActorRef<JobFeed.Command> feed = startFeed(16);
    // 16 slots: a report every 2 jobs done, room for 16 + 2 reports' worth.
    assertEquals(new WorkDistributor.Pull(feed, 20, List.of()), distributor.receiveMessage());

    feed.tell(
        new JobFeed.Jobs(
            java.util.stream.IntStream.rangeClosed(1, 18).mapToObj(JobFeedTest::job).toList()));
    // Each slot tells the probe itself: in any order.
    Ran[] first = new Ran[16];
    for (int i = 0; i < 16; i++) {
      Ran r = ran.receiveMessage();
      first[(int) r.dispatchId() - 1] = r;
    }
    assertEquals(16, java.util.Arrays.stream(first).map(Ran::slot).distinct().count());
    ran.expectNoMessage(Duration.ofMillis(100)); // jobs 17 and 18 wait for a slot

    feed.tell(new JobFeed.SlotFree(first[4].slot(), 5));
    assertEquals(new Ran(first[4].slot(), 17), ran.receiveMessage());
    distributor.expectNoMessage(Duration.ofMillis(100)); // one job done: not reported yet
    feed.tell(new JobFeed.SlotFree(first[9].slot(), 10));
    assertEquals(new Ran(first[9].slot(), 18), ran.receiveMessage());
    assertEquals(
        new WorkDistributor.Pull(feed, 20, List.of(5L, 10L)), distributor.receiveMessage());

    // No job waits: a free slot gets the next job that comes.
    feed.tell(new JobFeed.SlotFree(first[0].slot(), 1));
    ran.expectNoMessage(Duration.ofMillis(100));
    feed.tell(new JobFeed.Jobs(List.of(job(19))));
    assertEquals(new Ran(first[0].slot(), 19), ran.receiveMessage());
  }

  @Test
  void aFeedAsksTheDistributorThatIntroducesItselfWithoutWaitingForItsListing() {
    ActorRef<JobFeed.Command> feed =
        testKit.spawn(JobFeed.create(2, (f, confirmTo) -> Behaviors.ignore()));
    TestProbe<WorkDistributor.Command> other = testKit.createTestProbe();
    // Nothing is listed under the distributor's key: the feed hears of it from the distributor.
    feed.tell(new JobFeed.DistributorFound(other.ref()));
    // 2 slots: a report per job done, room for 2 + 2 reports' worth.
    assertEquals(new WorkDistributor.Pull(feed, 4, List.of()), other.receiveMessage());

    // Its entry reaches the receptionist later, and it introduces itself again: one pull only.
    listDistributor(other.ref());
    feed.tell(new JobFeed.DistributorFound(other.ref()));
    other.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void eachReceiptGoesToTheSlotWhoseAnswerItConfirms() {
    ActorRef<JobFeed.Command> feed = startFeed(2);
    distributor.receiveMessage();
    feed.tell(new JobFeed.Jobs(List.of(job(1), job(2))));
    Ran a = ran.receiveMessage();
    Ran b = ran.receiveMessage();
    Ran one = a.dispatchId() == 1 ? a : b;
    Ran two = a.dispatchId() == 1 ? b : a;

    receipts.tell(
        new Fetcher.Receipts(List.of(new Fetcher.Received(2, true), new Fetcher.Received(1))));
    // Two slots, each telling the probe itself: in any order.
    assertEquals(
        java.util.Set.of(new Ran(two.slot(), 2), new Ran(one.slot(), 1)),
        java.util.Set.of(confirmed.receiveMessage(), confirmed.receiveMessage()));

    // A slot that is free needs no receipt (a repeated one, say): dropped.
    feed.tell(new JobFeed.SlotFree(one.slot(), 1));
    assertEquals(new WorkDistributor.Pull(feed, 4, List.of(1L)), distributor.receiveMessage());
    receipts.tell(new Fetcher.Received(1));
    receipts.tell(new Fetcher.Received(2));
    assertEquals(new Ran(two.slot(), 2), confirmed.receiveMessage());
    confirmed.expectNoMessage(Duration.ofMillis(100));

    // Job 2 again (its node was unreachable for a while): not done twice, reported at once.
    feed.tell(new JobFeed.Jobs(List.of(job(2))));
    ran.expectNoMessage(Duration.ofMillis(100));
    assertEquals(new WorkDistributor.Pull(feed, 4, List.of(2L)), distributor.receiveMessage());
  }
}
