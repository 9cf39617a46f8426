package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A node's answers go at once when they come alone; under load, those of a few milliseconds leave
 * together, one batch per asker, in the order they came: when the window closes, when a batch is
 * full, or before an answer that goes alone.
 */
class AnswerOutboxTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration WINDOW = Duration.ofMillis(20);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Reply> asker = testKit.createTestProbe();
  private final TestProbe<Fetcher.Reply> otherAsker = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> feed = testKit.createTestProbe();
  private final ActorRef<AnswerOutbox.Command> outbox = testKit.spawn(AnswerOutbox.create(WINDOW));

  /** After a quiet spell a window's first answers go at once: the next ones are held. */
  private void openWindow() {
    for (int i = 1; i < AnswerOutbox.LOAD; i++) {
      send(outbox, asker, page(990 + i));
      assertEquals(page(990 + i), asker.receiveMessage());
    }
  }

  @Test
  void underALightLoadEveryAnswerGoesAtOnce() {
    // A few jobs in flight (a crawl of a few per host): a held answer would hold up the next job.
    for (int window = 0; window < 3; window++) {
      for (int i = 1; i < AnswerOutbox.LOAD; i++) {
        send(outbox, asker, page(10L * window + i));
        assertEquals(page(10L * window + i), asker.receiveMessage(), "not held");
      }
      manualTime.timePasses(WINDOW);
    }
  }

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

  /** A robots.txt answer: never batched. */
  private static Fetcher.RobotsAnswered robots(long dispatchId) {
    return new Fetcher.RobotsAnswered(
        "http://a.test:80", dispatchId, new RobotsFetched(null, 404, null, 2));
  }

  private static void send(
      ActorRef<AnswerOutbox.Command> outbox, TestProbe<Fetcher.Reply> to, Fetcher.Reply reply) {
    outbox.tell(new AnswerOutbox.Send(to.ref(), reply, Relay.estimate(reply)));
  }

  @Test
  void answersOfAWindowLeaveTogetherWhenItClosesAndTheNextAfterAQuietSpellAtOnce() {
    openWindow();
    send(outbox, asker, page(1));
    send(outbox, asker, recorded(2));
    send(outbox, asker, page(3));
    manualTime.expectNoMessageFor(WINDOW.minusMillis(1), asker);
    manualTime.timePasses(Duration.ofMillis(1));
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(List.of(page(1), page(3)), batch.pages());
    assertEquals(List.of(recorded(2)), batch.recorded());
    // That window gathered answers, so a new one is open: this answer waits for it too ...
    send(outbox, asker, page(4));
    manualTime.expectNoMessageFor(WINDOW.minusMillis(1), asker);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(page(4), asker.receiveMessage(), "alone in its window: as itself");
    // ... and the window after it gathered none: the next answer goes at once.
    manualTime.timePasses(WINDOW);
    send(outbox, asker, page(5));
    assertEquals(page(5), asker.receiveMessage());
  }

  @Test
  void aFullBatchLeavesWithoutWaitingInTheOrderItsAnswersCame() {
    openWindow();
    List<Fetcher.Fetched> pages = new ArrayList<>();
    for (int i = 0; i < AnswerOutbox.MAX_ANSWERS + 1; i++) {
      pages.add(page(i));
      send(outbox, asker, pages.get(i));
    }
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(pages.subList(0, AnswerOutbox.MAX_ANSWERS), batch.pages());
    assertEquals(List.of(), batch.recorded());
    manualTime.expectNoMessageFor(WINDOW.minusMillis(1), asker); // the last one waits
  }

  @Test
  void aBatchIsFullWhenItsAnswersHoldEnoughText() {
    openWindow();
    int each = (int) AnswerOutbox.SMALL;
    int toFill = (int) (AnswerOutbox.MAX_CHARS / each);
    for (int i = 0; i < toFill; i++) {
      outbox.tell(new AnswerOutbox.Send(asker.ref(), page(i), each));
    }
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(toFill, batch.pages().size());
  }

  @Test
  void anAnswerThatIsNotAPagesLeavesAtOnceAfterTheAnswersBeforeIt() {
    openWindow();
    send(outbox, asker, page(1));
    send(outbox, asker, recorded(2));
    Fetcher.RobotsAnswered robots = robots(3);
    send(outbox, asker, robots);
    AnswerBatch batch = asker.expectMessageClass(AnswerBatch.class);
    assertEquals(List.of(page(1)), batch.pages());
    assertEquals(List.of(recorded(2)), batch.recorded());
    assertEquals(robots, asker.receiveMessage());
  }

  @Test
  void aLargerAnswerLeavesAloneAfterTheBatchBeforeIt() {
    openWindow();
    send(outbox, asker, page(1));
    send(outbox, asker, page(2));
    Fetcher.Fetched large = page(3);
    outbox.tell(new AnswerOutbox.Send(asker.ref(), large, AnswerOutbox.SMALL + 1));
    assertEquals(List.of(page(1), page(2)), asker.expectMessageClass(AnswerBatch.class).pages());
    assertEquals(large, asker.receiveMessage());
  }

  @Test
  void eachAskerHasItsOwnBatch() {
    openWindow();
    send(outbox, asker, page(1));
    send(outbox, otherAsker, page(2));
    send(outbox, asker, page(3));
    // The other asker's lone answer is pushed out by a robots.txt answer, as itself.
    Fetcher.RobotsAnswered robots = robots(4);
    send(outbox, otherAsker, robots);
    assertEquals(page(2), otherAsker.receiveMessage());
    assertEquals(robots, otherAsker.receiveMessage());
    manualTime.timePasses(WINDOW);
    assertEquals(List.of(page(1), page(3)), asker.expectMessageClass(AnswerBatch.class).pages());
  }

  @Test
  void linksTheCoordinatorAdmittedFromAnyEarlierAnswerOfTheNodeAreLeftOut() {
    assertEquals(List.of("http://a.test/a", "http://a.test/b"), follow(page(1, "a", "b")));
    outbox.tell(new AnswerOutbox.Answered(1, true));
    // b was admitted with page 1 (another slot's, say): only c goes, in a compact answer too.
    assertEquals(List.of("http://a.test/c"), follow(recorded(2, "b", "c")));
    outbox.tell(new AnswerOutbox.Answered(2, false)); // taken without its links: c is unknown
    assertEquals(List.of("http://a.test/c", "http://a.test/d"), follow(page(3, "c", "d")));
    // Page 3's receipt has not come: c and d may have been lost with it, so they go again.
    assertEquals(List.of("http://a.test/c", "http://a.test/d"), follow(page(4, "a", "c", "d")));
    outbox.tell(new AnswerOutbox.Answered(3, true));
    assertEquals(List.of(), follow(page(5, "d", "a", "b", "c")));
    Fetcher.Fetched unchanged = page(6, "e");
    send(outbox, asker, unchanged);
    assertEquals(unchanged, asker.receiveMessage(), "an answer with no link taken goes as it is");
  }

  /** The links to follow of {@code reply} as the outbox sent it, alone after a quiet spell. */
  private List<String> follow(Fetcher.Reply reply) {
    send(outbox, asker, reply);
    Fetcher.Reply sent = asker.receiveMessage();
    manualTime.timePasses(WINDOW); // the window it opened closes with nothing in it
    FetchResult result =
        sent instanceof NodeParts.Recorded r ? r.result() : ((Fetcher.Fetched) sent).result();
    return ((FetchResult.Fetched) result).follow();
  }

  private Fetcher.Fetched page(long dispatchId, String... links) {
    Fetcher.Fetched page = page(dispatchId);
    return new Fetcher.Fetched(
        dispatchId, page.job(), fetched(links), List.of("n=1"), feed.ref(), List.of());
  }

  private NodeParts.Recorded recorded(long dispatchId, String... links) {
    NodeParts.Recorded r = recorded(dispatchId);
    return new NodeParts.Recorded(
        dispatchId, r.job(), fetched(links), 7, List.of(), feed.ref(), r.part());
  }

  private static FetchResult.Fetched fetched(String... links) {
    List<String> follow = new ArrayList<>();
    for (String link : links) {
      follow.add("http://a.test/" + link);
    }
    return new FetchResult.Fetched(
        new FetchResult.Response(200, "text/html", 100, 3, false), null, follow);
  }
}
