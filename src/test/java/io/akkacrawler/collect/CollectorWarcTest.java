package io.akkacrawler.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.HttpExchange;
import io.akkacrawler.warc.WarcEncoder;
import io.akkacrawler.warc.WarcRead;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcTruncationReason;

/** The collector with WARC files: what it writes there, and before what. */
class CollectorWarcTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(TestCrawls.config("crawler.output.flush-interval = 50ms"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  private final List<CrawlRecord> records = new CopyOnWriteArrayList<>();
  private final TestProbe<Collector.Event> supervisor = testKit.createTestProbe();
  private final WarcEncoder encoder = new WarcEncoder();
  private WarcOutput warc;
  private ActorRef<Collector.Command> collector;
  private ActorRef<Fetcher.Reply> answers;

  @BeforeEach
  void start() throws IOException {
    warc = WarcOutput.create(dir, 1L << 30, Map.of("software", "test"), Clock.systemUTC());
    collector =
        testKit.spawn(
            Collector.create(
                TestCrawls.settings("crawler.output.flush-interval = 50ms", "http://site.test/"),
                new Outputs(records::add, warc, true),
                CrawlListener.NONE,
                supervisor.ref()));
    answers = supervisor.expectMessageClass(Collector.Started.class).answers();
  }

  private ArchivedExchange exchange(String path, int status) throws IOException {
    byte[] body = ("body of " + path).getBytes(StandardCharsets.UTF_8);
    return encoder.encode(
        new HttpExchange(
            "http://site.test" + path,
            Instant.now(),
            InetAddress.getByName("127.0.0.1"),
            Map.of(),
            status,
            Map.of(),
            body,
            body.length,
            WarcTruncationReason.NOT_TRUNCATED));
  }

  private List<String> targets() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Path file = files.findFirst().orElseThrow();
      return WarcRead.all(file).stream()
          .filter(r -> r.type().equals("response"))
          .map(WarcRead::target)
          .toList();
    }
  }

  private static CrawlJob job(long id) {
    return CrawlJob.of(id, "http://site.test/" + id, 1, null);
  }

  @Test
  void writesThePagesExchangeBeforeItsRecordIsReported() throws IOException {
    collector.tell(new Collector.Open(1, 10));
    FetchResult result = new FetchResult.Skipped(Reason.NON_HTML, 200);
    answers.tell(new Fetcher.Fetched(10, job(1), result, null, List.of(exchange("/1", 200))));
    supervisor.expectMessageClass(Collector.PageDone.class);
    assertEquals(List.of("http://site.test/1"), targets());
    assertEquals(1, records.size());
  }

  @Test
  void writesTheExchangesOfRedirectsAndPassesRobotsAnswersOnAfterTheirs() throws IOException {
    collector.tell(new Collector.Open(1, 10));
    FetchResult redirect =
        new FetchResult.Redirect(
            new FetchResult.Response(301, null, 0, 1, false), "http://site.test/there");
    answers.tell(new Fetcher.Fetched(10, job(1), redirect, null, List.of(exchange("/1", 301))));
    supervisor.expectMessageClass(Collector.Redirected.class);
    answers.tell(
        new Fetcher.RobotsAnswered(
            "http://site.test:80",
            3,
            new RobotsFetched(null, 404, null, 1),
            List.of(exchange("/robots.txt", 404))));
    Collector.SiteAnswered site = supervisor.expectMessageClass(Collector.SiteAnswered.class);
    assertEquals(3, ((Fetcher.RobotsAnswered) site.reply()).dispatchId());
    assertEquals(List.of("http://site.test/1", "http://site.test/robots.txt"), targets());
  }

  @Test
  void anAnswerThatIsNotAwaitedWritesNothing() throws IOException {
    collector.tell(new Collector.Open(1, 10));
    answers.tell(
        new Fetcher.Fetched(
            9,
            job(1),
            new FetchResult.Skipped(Reason.NON_HTML, 200),
            null,
            List.of(exchange("/1", 200))));
    supervisor.expectNoMessage(Duration.ofMillis(200));
    assertEquals(List.of(), targets());
  }

  @Test
  void eachFlushNamesHowFarTheWarcFilesGo() throws IOException {
    collector.tell(new Collector.Open(1, 10));
    answers.tell(
        new Fetcher.Fetched(
            10,
            job(1),
            new FetchResult.Skipped(Reason.NON_HTML, 200),
            null,
            List.of(exchange("/1", 200))));
    supervisor.expectMessageClass(Collector.PageDone.class);
    Collector.OutputFlushed flushed = supervisor.expectMessageClass(Collector.OutputFlushed.class);
    assertEquals(List.of(1L), flushed.jobIds());
    assertEquals(warc.position(), flushed.warc());
    assertTrue(flushed.warc().offset() > 0);
    assertEquals(Files.size(dir.resolve(flushed.warc().file())), flushed.warc().offset());
  }
}
