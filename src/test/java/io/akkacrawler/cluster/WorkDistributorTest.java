package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.delivery.ConsumerController;
import akka.actor.typed.delivery.WorkPullingProducerController;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Jobs wait in the distributor until a slot asks for work, and go out in the order they came. */
class WorkDistributorTest {
  /** Finding a slot through the receptionist can take a while on a busy machine. */
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.testkit.typed.single-expect-default = 30s")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Reply> asker = testKit.createTestProbe();

  private Fetcher.Command job(int n) {
    return new Fetcher.Fetch(CrawlJob.of(n, "http://a.test/" + n, 0, null), n, asker.ref());
  }

  @Test
  void eachRequestForWorkGetsTheOldestWaitingJob() {
    TestProbe<WorkPullingProducerController.Command<Fetcher.Command>> producer =
        testKit.createTestProbe();
    ActorRef<WorkDistributor.JobQueue.Command> queue =
        testKit.spawn(WorkDistributor.JobQueue.create(producer.ref()));
    @SuppressWarnings("unchecked")
    var start = (WorkPullingProducerController.Start<Fetcher.Command>) producer.receiveMessage();
    TestProbe<Fetcher.Command> slot = testKit.createTestProbe();
    TestProbe<WorkPullingProducerController.MessageWithConfirmation<Fetcher.Command>> askNext =
        testKit.createTestProbe();
    var requestNext = new WorkPullingProducerController.RequestNext<>(slot.ref(), askNext.ref());

    for (int n = 1; n <= 3; n++) {
      queue.tell(new WorkDistributor.JobQueue.Job(job(n)));
    }
    slot.expectNoMessage(Duration.ofMillis(100));
    for (int n = 1; n <= 3; n++) {
      start.producer().tell(requestNext);
      slot.expectMessage(job(n));
    }
    // Demand before any job: the next job goes out at once, and only that one.
    start.producer().tell(requestNext);
    slot.expectNoMessage(Duration.ofMillis(100));
    queue.tell(new WorkDistributor.JobQueue.Job(job(4)));
    slot.expectMessage(job(4));
    queue.tell(new WorkDistributor.JobQueue.Job(job(5)));
    slot.expectNoMessage(Duration.ofMillis(100));
    start.producer().tell(requestNext);
    slot.expectMessage(job(5));
    askNext.expectNoMessage(Duration.ZERO);
  }

  @Test
  void jobsSentBeforeAnySlotReachTheFirstSlotInOrderThroughWorkPulling() {
    ActorRef<Fetcher.Command> distributor = testKit.spawn(WorkDistributor.create());
    for (int n = 1; n <= 3; n++) {
      distributor.tell(job(n));
    }
    // A slot's consumer controller, found by the producer through the receptionist.
    ActorRef<ConsumerController.Command<Fetcher.Command>> consumer =
        testKit.spawn(ConsumerController.create(WorkKeys.SLOTS));
    TestProbe<ConsumerController.Delivery<Fetcher.Command>> deliveries = testKit.createTestProbe();
    consumer.tell(new ConsumerController.Start<>(deliveries.ref()));
    for (int n = 1; n <= 4; n++) {
      if (n == 4) {
        distributor.tell(job(4)); // a job that comes when the slot is waiting
      }
      ConsumerController.Delivery<Fetcher.Command> delivery = deliveries.receiveMessage();
      assertEquals(job(n), delivery.message());
      delivery.confirmTo().tell(ConsumerController.confirmed());
    }
    deliveries.expectNoMessage(Duration.ofMillis(100));
  }
}
