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

  /** A job a slot was given. */
  private record Ran(ActorRef<WorkerSlot.Command> slot, long dispatchId) {}

  private final TestProbe<Ran> ran = testKit.createTestProbe();
  private final TestProbe<WorkDistributor.Command> distributor = testKit.createTestProbe();

  private static Fetcher.Command job(int n) {
    return new Fetcher.Fetch(CrawlJob.of(n, "http://a.test/" + n, 0, null), n, null);
  }

  /** A feed of {@code slots} slots that tell {@link #ran} what they are given. */
  private ActorRef<JobFeed.Command> startFeed(int slots) {
    TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
    testKit
        .system()
        .receptionist()
        .tell(Receptionist.register(WorkKeys.DISTRIBUTOR, distributor.ref(), registered.ref()));
    registered.receiveMessage();
    return testKit.spawn(
        JobFeed.create(
            slots,
            feed ->
                Behaviors.setup(
                    context ->
                        Behaviors.receiveMessage(
                            m -> {
                              Fetcher.Command job = ((WorkerSlot.Run) m).job();
                              ran.ref().tell(new Ran(context.getSelf(), JobBook.dispatchId(job)));
                              return Behaviors.same();
                            }))));
  }

  @Test
  void jobsGoToFreeSlotsAndTheRestWaitForTheFirstSlotToBeFree() {
    ActorRef<JobFeed.Command> feed = startFeed(16);
    // 16 slots: a report every 2 jobs done, room for 16 + 2 reports' worth.
    assertEquals(new WorkDistributor.Pull(feed, 20, List.of()), distributor.receiveMessage());

    feed.tell(
        new JobFeed.Jobs(
            java.util.stream.IntStream.rangeClosed(1, 18).mapToObj(JobFeedTest::job).toList()));
    Ran[] first = new Ran[16];
    for (int i = 0; i < 16; i++) {
      first[i] = ran.receiveMessage();
      assertEquals(i + 1, first[i].dispatchId());
    }
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
}
