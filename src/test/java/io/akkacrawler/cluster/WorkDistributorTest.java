package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The distributor sends the supervisor's jobs to the nodes' feeds it finds through the
 * receptionist, as many as each can hold, and gives the jobs of a node that left to another.
 */
class WorkDistributorTest {
  /** Finding each other through the receptionist can take a while on a busy machine. */
  private final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.testkit.typed.single-expect-default = 30s")
              .withFallback(ConfigFactory.load()));

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Reply> asker = testKit.createTestProbe();

  private Fetcher.Command job(int n) {
    return new Fetcher.Fetch(CrawlJob.of(n, "http://a.test/" + n, 0, null), n, asker.ref());
  }

  /** A node's feed (a probe) in the crawl. */
  private TestProbe<JobFeed.Command> feed() {
    TestProbe<JobFeed.Command> feed = testKit.createTestProbe();
    TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
    testKit
        .system()
        .receptionist()
        .tell(Receptionist.register(WorkKeys.FEEDS, feed.ref(), registered.ref()));
    registered.receiveMessage();
    return feed;
  }

  private ActorRef<WorkDistributor.Command> findDistributor() {
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
    while (true) {
      testKit.system().receptionist().tell(Receptionist.find(WorkKeys.DISTRIBUTOR, listing.ref()));
      var found = listing.receiveMessage().getServiceInstances(WorkKeys.DISTRIBUTOR);
      if (!found.isEmpty()) {
        return found.iterator().next();
      }
    }
  }

  /**
   * The distributor as it introduces itself to a listed feed, before any job: the feed need not
   * wait for the distributor's entry to reach its node through the receptionist.
   */
  private ActorRef<WorkDistributor.Command> greeting(TestProbe<JobFeed.Command> feed) {
    ActorRef<WorkDistributor.Command> found =
        feed.expectMessageClass(JobFeed.DistributorFound.class).distributor();
    assertEquals(findDistributor(), found);
    return found;
  }

  /** The dispatch ids of the jobs {@code feed} gets until it has {@code count}. */
  private static List<Long> received(TestProbe<JobFeed.Command> feed, int count) {
    List<Long> ids = new ArrayList<>();
    while (ids.size() < count) {
      JobFeed.Jobs jobs = feed.expectMessageClass(JobFeed.Jobs.class);
      jobs.jobs().forEach(j -> ids.add(JobBook.dispatchId(j)));
    }
    return ids;
  }

  @Test
  void jobsGoToAFeedInOrderAsManyAsItCanHoldAndMoreAsItReportsThemDone() {
    ActorRef<Fetcher.Command> distributor =
        testKit.spawn(WorkDistributor.create(Duration.ofSeconds(90)));
    for (int n = 1; n <= 6; n++) {
      distributor.tell(job(n));
    }
    TestProbe<JobFeed.Command> feed = feed();
    ActorRef<WorkDistributor.Command> pulls = greeting(feed);
    pulls.tell(new WorkDistributor.Pull(feed.ref(), 4, List.of()));
    assertEquals(List.of(1L, 2L, 3L, 4L), received(feed, 4));
    feed.expectNoMessage(Duration.ofMillis(100));

    pulls.tell(new WorkDistributor.Pull(feed.ref(), 4, List.of(1L)));
    assertEquals(List.of(5L), received(feed, 1));
    distributor.tell(job(7)); // no room: it waits
    feed.expectNoMessage(Duration.ofMillis(100));
    pulls.tell(new WorkDistributor.Pull(feed.ref(), 4, List.of(2L, 3L)));
    assertEquals(List.of(6L, 7L), received(feed, 2));
  }

  @Test
  void theJobsOfANodeThatLeftGoToAnotherNode() {
    ActorRef<Fetcher.Command> distributor =
        testKit.spawn(WorkDistributor.create(Duration.ofSeconds(90)));
    TestProbe<JobFeed.Command> first = feed();
    ActorRef<WorkDistributor.Command> pulls = greeting(first);
    pulls.tell(new WorkDistributor.Pull(first.ref(), 100, List.of()));
    for (int n = 1; n <= 3; n++) {
      distributor.tell(job(n));
    }
    assertEquals(List.of(1L, 2L, 3L), received(first, 3));

    TestProbe<JobFeed.Command> second = feed();
    assertEquals(pulls, greeting(second));
    pulls.tell(new WorkDistributor.Pull(second.ref(), 100, List.of()));
    first.stop(); // its node is gone: the receptionist drops it
    assertEquals(List.of(1L, 2L, 3L), received(second, 3));
  }
}
