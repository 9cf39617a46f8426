package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.collect.PartWriter;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A fetch slot relays each job's answer to its asker and is free once the asker has it. */
class WorkerSlotTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ManualTime.config()
              .withFallback(
                  ConfigFactory.parseString(
                      "akka.actor.serialization-bindings {"
                          + " \"io.akkacrawler.CrawlMessage\" = jackson-cbor }")));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Command> fetchers = testKit.createTestProbe();
  private final TestProbe<WorkerNode.Command> node = testKit.createTestProbe();
  private final TestProbe<JobFeed.Command> feed = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> receipts = testKit.createTestProbe();
  private final TestProbe<Fetcher.Reply> asker = testKit.createTestProbe();
  private final TestProbe<ResultInbox.Command> inbox = testKit.createTestProbe();

  /** A slot whose feed is the test. */
  private ActorRef<WorkerSlot.Command> startSlot() {
    return startSlot(null);
  }

  /** A slot of a node that writes its own output part ({@code part}; null: none). */
  private ActorRef<WorkerSlot.Command> startSlot(WorkerSlot.NodePart part) {
    return startSlot(part, 64 << 20);
  }

  /** ... whose answers may take at most {@code maxBytes} (cluster.max-result-size). */
  private ActorRef<WorkerSlot.Command> startSlot(WorkerSlot.NodePart part, int maxBytes) {
    return testKit.spawn(
        WorkerSlot.create(
            fetchers.ref(),
            feed.ref(),
            receipts.ref(),
            node.ref(),
            new Relay(testKit.system(), inbox.ref(), outbox, maxBytes),
            CrawlListener.NONE,
            part));
  }

  /** What the slot tells the outbox of its answers the asker took. */
  private final TestProbe<AnswerOutbox.Answered> answered = testKit.createTestProbe();

  /**
   * An outbox that sends each answer at once (the node's batches are {@link AnswerOutboxTest}'s).
   */
  private final ActorRef<AnswerOutbox.Command> outbox =
      testKit.spawn(
          Behaviors.receiveMessage(
              m -> {
                if (m instanceof AnswerOutbox.Send s) {
                  s.asker().tell(s.reply());
                } else {
                  answered.ref().tell((AnswerOutbox.Answered) m);
                }
                return Behaviors.same();
              }));

  private void deliver(ActorRef<WorkerSlot.Command> slot, Fetcher.Command job) {
    slot.tell(new WorkerSlot.Run(job));
  }

  /** The asker's receipt {@code r} for an answer to be confirmed to {@code to}, via the feed. */
  private void confirm(
      ActorRef<WorkerSlot.Command> slot, ActorRef<Fetcher.Receipt> to, Fetcher.Received r) {
    assertEquals(receipts.ref(), to, "answers are confirmed to the node's feed");
    slot.tell(new WorkerSlot.Received(r));
  }

  /** The slot tells its feed it is free, done with dispatch {@code dispatchId}. */
  private void expectFree(ActorRef<WorkerSlot.Command> slot, long dispatchId) {
    assertEquals(new JobFeed.SlotFree(slot, dispatchId), feed.receiveMessage());
  }

  @Test
  void relaysAFetchedPageUntilTheAskerHasItThenConfirmsTheJob() {
    var slot = startSlot();
    CrawlJob job = CrawlJob.of(1, "http://a.test/", 0, null);
    deliver(slot, new Fetcher.Fetch(job, 7, "session=abc", asker.ref()));

    Fetcher.Fetch fetch = fetchers.expectMessageClass(Fetcher.Fetch.class);
    assertEquals(job, fetch.job());
    assertEquals(7, fetch.dispatchId());
    assertEquals("session=abc", fetch.cookie(), "the cookies computed at dispatch are sent");
    assertNotEquals(asker.ref(), fetch.replyTo(), "the slot hears the answer first");

    FetchResult result = new FetchResult.Skipped(Reason.ROBOTS, 0);
    List<String> setCookies = List.of("next=1; Path=/");
    fetch.replyTo().tell(new Fetcher.Fetched(7, job, result, setCookies, null));
    Fetcher.Fetched relayed = (Fetcher.Fetched) asker.receiveMessage();
    assertEquals(
        new Fetcher.Fetched(7, job, result, setCookies, receipts.ref()),
        relayed,
        "the asker is asked to confirm to the node's feed");

    // Not confirmed: sent again after RESEND_AFTER, and the job stays unconfirmed.
    manualTime.timePasses(WorkerSlot.RESEND_AFTER);
    assertEquals(relayed, asker.receiveMessage());
    manualTime.timePasses(WorkerSlot.RESEND_AFTER);
    assertEquals(relayed, asker.receiveMessage());
    manualTime.expectNoMessageFor(Duration.ofMillis(1), feed, node);

    confirm(
        slot, relayed.confirmTo(), new Fetcher.Received(99)); // another dispatch's receipt: ignored
    manualTime.expectNoMessageFor(Duration.ofMillis(1), feed, node);

    confirm(slot, relayed.confirmTo(), new Fetcher.Received(7));
    expectFree(slot, 7);
    node.expectMessage(WorkerNode.SlotDone.INSTANCE);

    manualTime.timePasses(WorkerSlot.RESEND_AFTER.multipliedBy(2));
    asker.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void theOutboxHearsWhichAnswersTheAskerTookWithTheirLinks() {
    var slot = startSlot();
    answer(slot, 1, true);
    assertEquals(new AnswerOutbox.Answered(1, true), answered.receiveMessage());
    answer(slot, 2, false); // the coordinator did not write page 2: its links were not admitted
    assertEquals(new AnswerOutbox.Answered(2, false), answered.receiveMessage());
  }

  /** Page {@code n} answered with two links to follow, and its receipt ({@code taken}). */
  private void answer(ActorRef<WorkerSlot.Command> slot, long n, boolean taken) {
    CrawlJob job = CrawlJob.of(n, "http://a.test/" + n, 0, null);
    deliver(slot, new Fetcher.Fetch(job, n, asker.ref()));
    Fetcher.Fetch fetch = fetchers.expectMessageClass(Fetcher.Fetch.class);
    FetchResult page =
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 100, 5, false),
            null,
            List.of("http://a.test/x", "http://a.test/y"));
    fetch.replyTo().tell(new Fetcher.Fetched(n, job, page));
    Fetcher.Fetched relayed = (Fetcher.Fetched) asker.receiveMessage();
    confirm(slot, relayed.confirmTo(), new Fetcher.Received(n, taken));
    expectFree(slot, n);
    node.expectMessage(WorkerNode.SlotDone.INSTANCE);
  }

  @Test
  void withItsOwnPartANodeSendsACompactAnswerAndWritesTheRecordOnlyWhenTakenThenConfirms() {
    TestProbe<PartWriter.Command> writer = testKit.createTestProbe();
    var slot = startSlot(new WorkerSlot.NodePart(writer.ref(), "/parts/out.part-n.jsonl"));
    CrawlJob job = CrawlJob.of(1, "http://a.test/", 0, null);
    List<String> links = List.of("http://a.test/1", "http://a.test/2");
    FetchResult page =
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 900, 4, false),
            new ParsedPage("T", links, null, false, false, List.of(), Map.of(), List.of()),
            links.subList(0, 1));
    deliver(slot, new Fetcher.Fetch(job, 7, asker.ref()));
    fetchers
        .expectMessageClass(Fetcher.Fetch.class)
        .replyTo()
        .tell(new Fetcher.Fetched(7, job, page));

    NodeParts.Recorded compact = (NodeParts.Recorded) asker.receiveMessage();
    assertEquals(null, ((FetchResult.Fetched) compact.result()).page(), "no parsed page sent");
    assertEquals(List.of("http://a.test/1"), ((FetchResult.Fetched) compact.result()).follow());
    assertEquals(2, compact.links());
    assertEquals("/parts/out.part-n.jsonl", compact.part());
    writer.expectNoMessage(Duration.ofMillis(50)); // not before the collector takes it

    confirm(slot, compact.confirmTo(), new Fetcher.Received(7, true));
    PartWriter.Append append = writer.expectMessageClass(PartWriter.Append.class);
    assertEquals(page, append.result(), "the whole result is written on the node");
    manualTime.expectNoMessageFor(Duration.ofMillis(1), feed, node);
    append.replyTo().tell(new PartWriter.Written(7));
    expectFree(slot, 7);
    node.expectMessage(WorkerNode.SlotDone.INSTANCE);

    // An answer the collector does not take is dropped: confirmed, never written.
    deliver(slot, new Fetcher.Fetch(job, 8, asker.ref()));
    fetchers
        .expectMessageClass(Fetcher.Fetch.class)
        .replyTo()
        .tell(new Fetcher.Fetched(8, job, page));
    confirm(
        slot,
        ((NodeParts.Recorded) asker.receiveMessage()).confirmTo(),
        new Fetcher.Received(8, false));
    expectFree(slot, 8);
    writer.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aPageTooLargeToSendFailsWithoutItsRecordOrItsLinksCountedAsTaken() {
    TestProbe<PartWriter.Command> writer = testKit.createTestProbe();
    // Answers over Relay.WHOLE_LIMIT would cross in chunks; over 1 byte of max-result-size: fail.
    var slot = startSlot(new WorkerSlot.NodePart(writer.ref(), "/parts/out.part-n.jsonl"), 1);
    List<String> many =
        java.util.stream.IntStream.range(0, 2_000)
            .mapToObj(i -> "http://a.test/" + "x".repeat(100) + "/" + i)
            .toList();
    CrawlJob big = CrawlJob.of(1, "http://a.test/index", 0, null);
    deliver(slot, new Fetcher.Fetch(big, 7, asker.ref()));
    FetchResult.Response ok = new FetchResult.Response(200, "text/html", 900, 4, false);
    fetchers
        .expectMessageClass(Fetcher.Fetch.class)
        .replyTo()
        .tell(new Fetcher.Fetched(7, big, new FetchResult.Fetched(ok, null, many)));
    Fetcher.Fetched failed = (Fetcher.Fetched) asker.receiveMessage();
    assertEquals(Reason.RESULT_TOO_LARGE, failed.result().reason(), "the page fails, with why");
    confirm(slot, failed.confirmTo(), new Fetcher.Received(7, true)); // the coordinator took it
    expectFree(slot, 7);
    node.expectMessage(WorkerNode.SlotDone.INSTANCE);
    writer.expectNoMessage(Duration.ofMillis(50)); // its record is the coordinator's failure

    // The coordinator admitted none of those links: another page's answer still carries them.
    CrawlJob next = CrawlJob.of(2, "http://a.test/next", 0, null);
    deliver(slot, new Fetcher.Fetch(next, 8, asker.ref()));
    fetchers
        .expectMessageClass(Fetcher.Fetch.class)
        .replyTo()
        .tell(new Fetcher.Fetched(8, next, new FetchResult.Fetched(ok, null, many.subList(0, 2))));
    NodeParts.Recorded compact = (NodeParts.Recorded) asker.receiveMessage();
    assertEquals(many.subList(0, 2), ((FetchResult.Fetched) compact.result()).follow());
  }

  @Test
  void passesRobotsAndSitemapAnswersOnAndConfirmsAtOnce() {
    var slot = startSlot();
    deliver(slot, new Fetcher.FetchRobots("http://a.test:80", 3, asker.ref()));
    Fetcher.FetchRobots robots = fetchers.expectMessageClass(Fetcher.FetchRobots.class);
    assertEquals("http://a.test:80", robots.host());
    assertEquals(3, robots.dispatchId());
    assertNotEquals(asker.ref(), robots.replyTo());
    var robotsAnswer =
        new Fetcher.RobotsAnswered(
            "http://a.test:80", 3, new RobotsFetched(null, 503, Reason.HTTP_STATUS, 8));
    robots.replyTo().tell(robotsAnswer);
    asker.expectMessage(robotsAnswer);
    expectFree(slot, 3);
    node.expectMessage(WorkerNode.SlotDone.INSTANCE);

    deliver(
        slot, new Fetcher.FetchSitemap("http://a.test:80", "http://a.test/s.xml", 4, asker.ref()));
    Fetcher.FetchSitemap sitemap = fetchers.expectMessageClass(Fetcher.FetchSitemap.class);
    assertEquals("http://a.test/s.xml", sitemap.url());
    assertEquals(4, sitemap.dispatchId());
    var sitemapAnswer =
        new Fetcher.SitemapAnswered(
            "http://a.test:80",
            "http://a.test/s.xml",
            4,
            new SitemapReader.Sitemap(List.of("http://a.test/1"), List.of(), null),
            3);
    sitemap.replyTo().tell(sitemapAnswer);
    asker.expectMessage(sitemapAnswer);
    expectFree(slot, 4);
    node.expectMessage(WorkerNode.SlotDone.INSTANCE);

    manualTime.timePasses(WorkerSlot.RESEND_AFTER.multipliedBy(2));
    asker.expectNoMessage(Duration.ofMillis(50));
  }
}
