package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.HostReport;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.frontier.CrawlSupervisor;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that can cross nodes survives Akka's serialization intact: the ones sent for every
 * page in the compact wire format ({@link WireSerializer}), all others in Jackson CBOR.
 */
class MessageSerializationTest {
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
  private final TestProbe<Fetcher.Reply> supervisor = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> acks = testKit.createTestProbe();
  private final TestProbe<CrawlSpec> specs = testKit.createTestProbe();
  private final TestProbe<WorkerNode.Command> nodes = testKit.createTestProbe();
  private final TestProbe<ResultInbox.Command> inbox = testKit.createTestProbe();

  /** The messages of every page, in the compact format. */
  private static final Set<Class<?>> WIRE =
      Set.of(
          JobFeed.Jobs.class,
          AnswerBatch.class,
          Fetcher.Fetched.class,
          NodeParts.Recorded.class,
          Fetcher.Receipts.class,
          Fetcher.Received.class,
          WorkDistributor.Pull.class,
          JobFeed.DistributorFound.class);

  private void assertRoundTrip(Object message) {
    assertTrue(message instanceof CrawlMessage, message.getClass() + " is marked");
    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(message);
    assertEquals(
        WIRE.contains(message.getClass())
            ? WireSerializer.class.getName()
            : "akka.serialization.jackson.JacksonCborSerializer",
        serializer.getClass().getName(),
        "serialized with the format bound to " + message.getClass());
    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    assertEquals(message, back);
  }

  @Test
  void fetchJobsSurvive() {
    CrawlJob job =
        CrawlJob.of(7, "http://a.test/x", 2, "http://a.test/")
            .redirectedTo("http://a.test/y")
            .nextAttempt()
            .redispatched();
    assertRoundTrip(new Fetcher.Fetch(job, 99, collector.ref()));
    assertRoundTrip(new Fetcher.Fetch(job, 99, "session=abc; lang=de", collector.ref()));
    assertRoundTrip(new Fetcher.FetchRobots("http://a.test:80", 3, supervisor.ref()));
    assertRoundTrip(new CrawlSupervisor.NodeGone("10.0.0.1-2552-0000abcd"));
    assertRoundTrip(
        new Fetcher.FetchSitemap("http://a.test:80", "http://a.test/s.xml", 4, supervisor.ref()));
    // Jobs go to the nodes in batches of every kind, and come back reported done.
    assertRoundTrip(
        new JobFeed.Jobs(
            List.of(
                new Fetcher.FetchRobots("http://a.test:80", 3, supervisor.ref()),
                new Fetcher.Fetch(job, 99, "session=abc", collector.ref()),
                new Fetcher.FetchSitemap(
                    "http://a.test:80", "http://a.test/s.xml", 4, supervisor.ref()))));
    TestProbe<JobFeed.Command> feed = testKit.createTestProbe();
    assertRoundTrip(new WorkDistributor.Pull(feed.ref(), 80, List.of(3L, 99L)));
  }

  @Test
  void resultsSurvive() {
    ParsedPage page =
        new ParsedPage(
            "Title",
            List.of("http://a.test/1", "http://a.test/2"),
            "http://a.test/",
            true,
            false,
            List.of("b1"),
            Map.of("price", List.of("9.99"), "imgs", List.of()),
            List.of("http://a.test/2"));
    FetchResult fetched =
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 1234, 5, false),
            page,
            List.of("http://a.test/1"));
    CrawlJob job = CrawlJob.of(1, "http://a.test/", 0, null);
    Fetcher.Fetched answer = new Fetcher.Fetched(11, job, fetched);
    assertRoundTrip(answer);
    assertRoundTrip(
        new Fetcher.Fetched(11, job, fetched, List.of("session=abc; Path=/"), acks.ref()));
    assertRoundTrip(
        new Collector.CookiesReceived("http://a.test/", List.of("a=1; Max-Age=60", "b=2")));
    assertRoundTrip(new Fetcher.Received(11));
    assertRoundTrip(
        new Fetcher.Fetched(
            12, job, new FetchResult.Retry(Reason.HTTP_STATUS, "x", 503, 3_000, 7)));
    assertRoundTrip(new Fetcher.Fetched(13, job, new FetchResult.Crashed("boom")));
    assertRoundTrip(
        new Fetcher.RobotsAnswered(
            "http://a.test:80",
            5,
            new RobotsFetched(
                new RobotsRules(
                    RobotsRules.Mode.ALLOW_SOME,
                    List.of(new RobotsRules.Rule("/p", false)),
                    2_000,
                    List.of("http://a.test/sitemap.xml")),
                200,
                null,
                8)));
    assertRoundTrip(
        new Fetcher.RobotsAnswered(
            "http://a.test:80", 6, new RobotsFetched(null, 503, Reason.HTTP_STATUS, 8)));
    assertRoundTrip(
        new Fetcher.SitemapAnswered(
            "http://a.test:80",
            "http://a.test/s.xml",
            7,
            new SitemapReader.Sitemap(List.of("http://a.test/1"), List.of(), null),
            3));
    assertRoundTrip(
        new Collector.PageDone(
            job, List.of("http://a.test/1"), new Feedback(Feedback.Signal.OK, 4, -1, null)));
  }

  @Test
  void answersOfNodesWritingTheirOwnPartsSurvive() {
    CrawlJob job = CrawlJob.of(1, "http://a.test/", 0, null);
    FetchResult compact =
        new FetchResult.Fetched(
            new FetchResult.Response(200, "text/html", 1234, 5, false),
            null,
            List.of("http://a.test/1"));
    assertRoundTrip(
        new NodeParts.Recorded(
            11, job, compact, 40, List.of("a=1"), acks.ref(), "/tmp/out.part-x.jsonl"));
    assertRoundTrip(
        new NodeParts.Recorded(
            12,
            job,
            new FetchResult.Failed(Reason.HTTP_STATUS, null, 404, 3),
            0,
            List.of(),
            acks.ref(),
            "/tmp/out.part-x.jsonl"));
    assertRoundTrip(
        new NodeParts.Flushed("/tmp/out.part-x.jsonl", 0, 812, List.of(1L, 2L), List.of(11L, 3L)));
    assertRoundTrip(
        new AnswerBatch(
            List.of(
                new Fetcher.Fetched(
                    13,
                    job,
                    new FetchResult.Fetched(
                        new FetchResult.Response(200, "text/html", 10, 1, false),
                        new ParsedPage(
                            "T",
                            List.of("http://a.test/1"),
                            null,
                            false,
                            false,
                            List.of("b"),
                            Map.of(),
                            List.of()),
                        List.of("http://a.test/1")),
                    List.of("a=1"),
                    acks.ref())),
            List.of(
                new NodeParts.Recorded(
                    14, job, compact, 40, List.of(), acks.ref(), "/tmp/out.part-x.jsonl"))));
    assertRoundTrip(new Fetcher.Received(11, true));
    assertRoundTrip(new CrawlSpec("{}", List.of("http://a.test/"), true, inbox.ref(), "out.jsonl"));
  }

  @Test
  void clusterProtocolSurvives() {
    assertRoundTrip(
        new CrawlSpec(
            "{\"crawler\":{\"max-depth\":2}}", List.of("http://a.test/"), true, inbox.ref()));
    assertRoundTrip(new ClusterMonitor.GetSpec(specs.ref()));
    assertRoundTrip(new ClusterMonitor.NodeStats("127.0.0.1:2552", 42, 8, nodes.ref()));
    assertRoundTrip(new WorkerNode.Finished(false));
    assertRoundTrip(new WorkerNode.Finished(true));
    assertRoundTrip(
        new Collector.Completed(
            new CrawlSummary(
                1,
                2,
                2,
                0,
                0,
                Map.of(),
                Map.of(200, 2L),
                10,
                0,
                0,
                3,
                List.of(),
                false,
                0,
                new CrawlSummary.Politeness(
                    true,
                    1,
                    0,
                    0,
                    Map.of(),
                    List.of(
                        new HostReport(
                            "http://a.test:80", 3, 0, 4, 1000, 0, null, "done", false, true)),
                    List.of(),
                    List.of(),
                    List.of("http://a.test:80")))));
  }

  @Test
  void everyFieldOfAPageAnswerSurvivesTheWireFormat() {
    String html = "<p>" + "Grüße, 世界 😀 ".repeat(8_000) + "</p>"; // > 64 KiB, 1-4 byte chars
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("z-first", List.of("1", "ünï"));
    fields.put("a-second", List.of());
    ParsedPage full =
        new ParsedPage(
            "Ärger – 漢字",
            List.of("http://a.test/1", "http://a.test/%C3%A4", "http://b.test/x?q=1#f"),
            "http://a.test/canonical",
            true,
            true,
            List.of("buy", "ß"),
            fields,
            List.of("http://b.test/x?q=1#f"),
            "visible text",
            html,
            true);
    CrawlJob redirected =
        CrawlJob.of(Long.MAX_VALUE, "http://a.test/", 7, "http://p.test/")
            .redirectedTo("http://a.test/next")
            .nextAttempt()
            .redispatched();
    CrawlJob seed = CrawlJob.of(0, "http://a.test/", 0, null);
    FetchResult.Response response = new FetchResult.Response(200, null, -1, 0, true);
    List<FetchResult> results =
        List.of(
            new FetchResult.Fetched(response, full, List.of("http://a.test/1")),
            new FetchResult.Fetched(FetchResult.Response.of(404, 3), null, List.of()),
            new FetchResult.Skipped(Reason.ROBOTS, 0),
            new FetchResult.Failed(Reason.HTTP_STATUS, "gone", 410, 9),
            new FetchResult.Failed(Reason.CONNECT_FAILED, null, null),
            new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, -1, 2),
            new FetchResult.Redirect(FetchResult.Response.of(301, 1), "http://a.test/next"),
            new FetchResult.Crashed(null),
            new FetchResult.Restarted());
    List<Fetcher.Fetched> pages = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      CrawlJob job = i % 2 == 0 ? redirected : seed;
      pages.add(new Fetcher.Fetched(-i, job, results.get(i), List.of("k=v; Path=/"), acks.ref()));
      assertRoundTrip(pages.get(pages.size() - 1));
    }
    pages.add(new Fetcher.Fetched(99, seed, results.get(0))); // no receipt wanted
    assertRoundTrip(
        new AnswerBatch(
            pages,
            List.of(
                new NodeParts.Recorded(
                    1, redirected, results.get(3), 0, List.of(), acks.ref(), "p-ä"))));
    assertRoundTrip(
        new Fetcher.Receipts(List.of(new Fetcher.Received(1, true), new Fetcher.Received(2))));
    TestProbe<JobFeed.Command> feed = testKit.createTestProbe();
    assertRoundTrip(new WorkDistributor.Pull(feed.ref(), 0, List.of()));
    TestProbe<WorkDistributor.Command> distributor = testKit.createTestProbe();
    assertRoundTrip(new JobFeed.DistributorFound(distributor.ref()));
  }

  @Test
  void aDamagedWireMessageIsRefusedNotMisread() throws Exception {
    Fetcher.Fetched answer =
        new Fetcher.Fetched(
            5,
            CrawlJob.of(1, "http://a.test/", 0, null),
            new FetchResult.Failed(Reason.HTTP_STATUS, "x", 500, 1),
            List.of(),
            acks.ref());
    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(answer);
    byte[] bytes = serialization.serialize(answer).get();
    String manifest = Serializers.manifestFor(serializer, answer);
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertTrue(
          serialization.deserialize(truncated, serializer.identifier(), manifest).isFailure(),
          "cut at " + cut);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertTrue(serialization.deserialize(longer, serializer.identifier(), manifest).isFailure());
    assertTrue(serialization.deserialize(bytes, serializer.identifier(), "?").isFailure());

    // Counts and lengths that would be negative as numbers: refused, nothing allocated for them.
    WireBytes.Out hugeCount = new WireBytes.Out();
    hugeCount.unsigned(0x8000_0000_7FFF_FFF0L);
    WireBytes.Out negativeLength = new WireBytes.Out();
    negativeLength.signed(5); // the dispatch
    negativeLength.signed(1); // the job's id
    negativeLength.unsigned(-5); // its URL's length
    for (var damaged : List.of(hugeCount, negativeLength)) {
      for (String m : List.of("C", "F", "J", "B", "P")) {
        assertTrue(
            serialization
                .deserialize(damaged.toByteArray(), serializer.identifier(), m)
                .isFailure(),
            m);
      }
    }
  }

  @Test
  void actorRefsInMessagesStillWork() {
    Fetcher.Fetched relayed =
        new Fetcher.Fetched(
            1,
            CrawlJob.of(1, "http://a.test/", 0, null),
            new FetchResult.Skipped(Reason.ROBOTS, 0),
            List.of(),
            acks.ref());
    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(relayed);
    Fetcher.Fetched back =
        (Fetcher.Fetched)
            serialization
                .deserialize(
                    serialization.serialize(relayed).get(),
                    serializer.identifier(),
                    Serializers.manifestFor(serializer, relayed))
                .get();
    ActorRef<Fetcher.Receipt> ref = back.confirmTo();
    ref.tell(new Fetcher.Received(1));
    assertEquals(new Fetcher.Received(1), acks.receiveMessage());
  }
}
