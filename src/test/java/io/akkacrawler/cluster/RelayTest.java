package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Answers of any size get to the coordinator: the large ones in chunks, each well below Akka's
 * frame size, put together again by the {@link ResultInbox}; the too large ones as a failure that
 * says why.
 */
class RelayTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseResources("cluster.conf")
              .withFallback(
                  ConfigFactory.parseString(
                      "akka.remote.artery.canonical.port = 0, akka.cluster.seed-nodes = []"))
              .withFallback(ConfigFactory.load())
              .resolve());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Fetcher.Reply> collector = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> receipts = testKit.createTestProbe();
  private final TestProbe<ResultInbox.Command> chunks = testKit.createTestProbe();
  private final ActorRef<AnswerOutbox.Command> outbox =
      testKit.spawn(AnswerOutbox.create(Duration.ofMillis(1)));

  private static final CrawlJob JOB = CrawlJob.of(3, "http://a.test/index", 1, "http://a.test/");

  /** A page of {@code links} links of 200 characters and one field of {@code fieldChars}. */
  private static Fetcher.Fetched page(int links, int fieldChars, ActorRef<Fetcher.Receipt> to) {
    List<String> urls =
        IntStream.range(0, links)
            .mapToObj(i -> "http://a.test/" + String.format("%05d", i) + "/" + "x".repeat(179))
            .toList();
    ParsedPage parsed =
        new ParsedPage(
            "Index",
            urls,
            null,
            false,
            false,
            List.of(),
            Map.of("body", List.of(String.join("", Collections.nCopies(fieldChars, "é")))),
            List.of());
    return new Fetcher.Fetched(
        41,
        JOB,
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 2_000_000, 9, false), parsed, urls),
        to);
  }

  /** Sends {@code answer} through a relay; returns the chunks, and checks nothing went whole. */
  private List<ResultInbox.Chunk> chunksOf(Fetcher.Reply answer, long max) {
    new Relay(testKit.system(), chunks.ref(), outbox, max).prepare(answer, collector.ref()).send();
    collector.expectNoMessage(Duration.ofMillis(50));
    List<ResultInbox.Chunk> got = new ArrayList<>();
    ResultInbox.Chunk first = (ResultInbox.Chunk) chunks.receiveMessage();
    got.add(first);
    for (int i = 1; i < first.total(); i++) {
      got.add((ResultInbox.Chunk) chunks.receiveMessage());
    }
    return got;
  }

  @Test
  void aPageOfFiveThousandLongLinksCrossesInChunksAndArrivesWhole() {
    Fetcher.Fetched answer = page(5_000, 0, receipts.ref());
    List<ResultInbox.Chunk> parts = chunksOf(answer, 64 << 20);
    assertTrue(parts.size() > 1, parts.size() + " chunks");
    parts.forEach(c -> assertTrue(c.data().length <= Relay.CHUNK_BYTES));

    ActorRef<ResultInbox.Command> inbox = testKit.spawn(ResultInbox.create());
    // In any order, with a chunk sent twice (a resend): the asker gets the answer once.
    List<ResultInbox.Chunk> shuffled = new ArrayList<>(parts);
    Collections.reverse(shuffled);
    shuffled.add(1, parts.get(0));
    shuffled.forEach(inbox::tell);
    Fetcher.Fetched back = (Fetcher.Fetched) collector.receiveMessage();
    assertEquals(answer, back);
    assertEquals(receipts.ref(), back.confirmTo(), "the asker can still confirm it");
    collector.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void extractedFieldsOfSeveralMegabytesCrossToo() {
    Fetcher.Fetched answer = page(10, 3_000_000, receipts.ref());
    ActorRef<ResultInbox.Command> inbox = testKit.spawn(ResultInbox.create());
    chunksOf(answer, 64 << 20).forEach(inbox::tell);
    assertEquals(answer, collector.receiveMessage());
  }

  @Test
  void anAnswerOverTheLimitBecomesAFailureThatSaysWhy() {
    new Relay(testKit.system(), chunks.ref(), outbox, 1 << 20)
        .prepare(page(10, 3_000_000, receipts.ref()), collector.ref())
        .send();
    Fetcher.Fetched got = (Fetcher.Fetched) collector.receiveMessage();
    FetchResult.Failed failed = assertInstanceOf(FetchResult.Failed.class, got.result());
    assertEquals(Reason.RESULT_TOO_LARGE, failed.reason());
    assertTrue(failed.detail().contains("over cluster.max-result-size (1.0 MB)"), failed.detail());
    assertEquals(200, failed.response().status());
    assertEquals(receipts.ref(), got.confirmTo());
    chunks.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void smallAnswersGoAsTheyAre() {
    Fetcher.Fetched answer = page(20, 0, receipts.ref());
    new Relay(testKit.system(), chunks.ref(), outbox, 64 << 20)
        .prepare(answer, collector.ref())
        .send();
    assertEquals(answer, collector.receiveMessage());
    chunks.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aPageKeptWithItsHtmlCrossesInChunks() {
    String html = "<p>" + "é".repeat(400_000) + "</p>";
    ParsedPage parsed =
        new ParsedPage(
            "Big", List.of(), null, false, false, List.of(), Map.of(), List.of(), null, html,
            false);
    Fetcher.Fetched answer =
        new Fetcher.Fetched(
            41,
            JOB,
            new FetchResult.Fetched(
                new FetchResult.Response(200, "text/html", 800_000, 9, false), parsed, List.of()),
            receipts.ref());
    ActorRef<ResultInbox.Command> inbox = testKit.spawn(ResultInbox.create());
    chunksOf(answer, 64 << 20).forEach(inbox::tell);
    assertEquals(answer, collector.receiveMessage());
  }

  @Test
  void aFullBatchOfSmallAnswersStaysBelowWhatGoesWhole() {
    Serialization serialization = SerializationExtension.get(testKit.system());
    // The largest batch the outbox makes: the most answers, each with what is not text, holding
    // the most text it lets in (the last answer may take it past MAX_CHARS by up to SMALL), all
    // in characters of three bytes.
    String title = "€".repeat((int) ((AnswerOutbox.MAX_CHARS + AnswerOutbox.SMALL) / 64));
    List<Fetcher.Fetched> pages = new ArrayList<>();
    long chars = 0;
    for (int i = 0; i < AnswerOutbox.MAX_ANSWERS; i++) {
      long id = 1_000_000_000L + i;
      Fetcher.Fetched page =
          new Fetcher.Fetched(
              id,
              new CrawlJob(
                  id,
                  "http://a.test/" + i,
                  12,
                  "http://a.test/",
                  "http://a.test/" + i,
                  List.of(),
                  3,
                  2),
              new FetchResult.Fetched(
                  new FetchResult.Response(200, "text/html", 100_000, 12_345, false),
                  new ParsedPage(
                      title, List.of(), null, false, false, List.of(), Map.of(), List.of()),
                  List.of()),
              List.of("a=b"),
              receipts.ref());
      pages.add(page);
      chars += Relay.estimate(page);
    }
    assertTrue(chars >= AnswerOutbox.MAX_CHARS, chars + " characters");
    AnswerBatch batch = new AnswerBatch(pages, List.of());
    scala.Function0<byte[]> serialize = () -> serialization.serialize(batch).get();
    byte[] bytes =
        akka.serialization.Serialization$.MODULE$.withTransportInformation(
            (akka.actor.ExtendedActorSystem) Adapter.toClassic(testKit.system()), serialize);
    assertTrue(
        bytes.length <= Relay.WHOLE_LIMIT, chars + " characters: " + bytes.length + " bytes");
  }

  @Test
  void aLargeSitemapCrossesInChunks() {
    List<String> urls =
        IntStream.range(0, 20_000).mapToObj(i -> "http://a.test/page/" + i + ".html").toList();
    Fetcher.SitemapAnswered answer =
        new Fetcher.SitemapAnswered(
            "http://a.test:80",
            "http://a.test/sitemap.xml",
            7,
            new SitemapReader.Sitemap(urls, List.of(), null),
            12);
    ActorRef<ResultInbox.Command> inbox = testKit.spawn(ResultInbox.create());
    chunksOf(answer, 64 << 20).forEach(inbox::tell);
    assertEquals(answer, collector.receiveMessage());
  }
}
