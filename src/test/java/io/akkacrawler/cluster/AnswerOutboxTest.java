package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.robots.RobotsFetched;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A node's answers leave in batches, one per asker, in the order they came: when a batch is full,
 * when its first answer has waited long enough, or before an answer that goes alone.
 */
class AnswerOutboxTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Reply> asker = testKit.createTestProbe();
  private final TestProbe<Fetcher.Reply> otherAsker = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> feed = testKit.createTestProbe();

  /** An outbox whose batches never leave for lack of company: only when full or pushed out. */
  private final ActorRef<AnswerOutbox.Command> patient =
      testKit.spawn(AnswerOutbox.create(Duration.ofHours(1)));

  private Fetcher.Fetched page(long dispatchId) {
    return new Fetcher.Fetched(
        dispatchId,
        CrawlJob.of(dispatchId, "http://a.test/" + dispatchId, 1, "http://a.test/"),
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 100, 3, false),
            null,
            List.of("http://a.test/x")),
        feed.ref());
  }

  private NodeParts.Recorded recorded(long dispatchId) {
    return new NodeParts.Recorded(
        dispatchId,
        CrawlJob.of(dispatchId, "http://a.test/" + dispatchId, 1, "http://a.test/"),
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 100, 3, false), null, List.of()),
        4,
        List.of(),
        feed.ref(),
        "/parts/a");
  }

  private static void send(
      ActorRef<AnswerOutbox.Command> outbox, TestProbe<Fetcher.Reply> to, Fetcher.Reply reply) {
    outbox.tell(new AnswerOutbox.Send(to.ref(), reply, Relay.estimate(reply)));
  }

  @Test
  void aFullBatchLeavesAsOneMessageInTheOrderItsAnswersCame() {
    List<Fetcher.Fetched> pages = new ArrayList<>();
    for (int i = 0; i < AnswerOutbox.MAX_ANSWERS + 1; i++) {
      pages.add(page(i));
      send(patient, asker, pages.get(i));
    }
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(pages.subList(0, AnswerOutbox.MAX_ANSWERS), batch.pages());
    assertEquals(List.of(), batch.recorded());
    asker.expectNoMessage(Duration.ofMillis(100)); // the last one waits for company
  }

  @Test
  void aBatchIsFullWhenItsAnswersHoldEnoughText() {
    int each = (int) AnswerOutbox.SMALL;
    int toFill = (int) (AnswerOutbox.MAX_CHARS / each);
    for (int i = 0; i < toFill; i++) {
      patient.tell(new AnswerOutbox.Send(asker.ref(), page(i), each));
    }
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(toFill, batch.pages().size());
  }

  @Test
  void anAnswerThatIsNotAPagesLeavesAtOnceAfterTheAnswersBeforeIt() {
    send(patient, asker, page(1));
    send(patient, asker, recorded(2));
    Fetcher.RobotsAnswered robots =
        new Fetcher.RobotsAnswered("http://a.test:80", 3, new RobotsFetched(null, 404, null, 2));
    send(patient, asker, robots);
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(List.of(page(1)), batch.pages());
    assertEquals(List.of(recorded(2)), batch.recorded());
    assertEquals(robots, asker.receiveMessage());
  }

  @Test
  void aLargerAnswerLeavesAloneAfterTheBatchBeforeIt() {
    send(patient, asker, page(1));
    send(patient, asker, page(2));
    Fetcher.Fetched large = page(3);
    patient.tell(new AnswerOutbox.Send(asker.ref(), large, AnswerOutbox.SMALL + 1));
    assertEquals(List.of(page(1), page(2)), asker.expectMessageClass(AnswerBatch.class).pages());
    assertEquals(large, asker.receiveMessage());
  }

  @Test
  void eachAskerHasItsOwnBatch() {
    send(patient, asker, page(1));
    send(patient, otherAsker, page(2));
    send(patient, asker, page(3));
    // The other asker's lone answer is pushed out by a robots.txt answer, as itself.
    Fetcher.RobotsAnswered robots =
        new Fetcher.RobotsAnswered("http://a.test:80", 4, new RobotsFetched(null, 404, null, 2));
    send(patient, otherAsker, robots);
    assertEquals(page(2), otherAsker.receiveMessage());
    assertEquals(robots, otherAsker.receiveMessage());
    asker.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void answersLeaveOnTheirOwnAfterAShortWait() {
    ActorRef<AnswerOutbox.Command> outbox =
        testKit.spawn(AnswerOutbox.create(Duration.ofMillis(10)));
    List<Long> ids = IntStream.range(0, 5).mapToObj(i -> (long) i).toList();
    ids.forEach(id -> send(outbox, asker, page(id)));
    // However the five were grouped (timing decides), all arrive, in order, each once.
    List<Long> got = new ArrayList<>();
    while (got.size() < ids.size()) {
      Fetcher.Reply r = asker.receiveMessage();
      if (r instanceof AnswerBatch batch) {
        batch.pages().forEach(p -> got.add(p.dispatchId()));
      } else {
        got.add(((Fetcher.Fetched) r).dispatchId());
      }
    }
    assertEquals(ids, got);
    asker.expectNoMessage(Duration.ofMillis(100));
  }
}
