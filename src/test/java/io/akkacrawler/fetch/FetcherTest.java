package io.akkacrawler.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import io.akkacrawler.Routes;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.PageParser;
import io.akkacrawler.url.UrlNormalizer;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FetcherTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestCrawls.config(""));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final LoopbackServer server;
  private final CrawlSettings settings;
  private final HttpFetcher http;
  private final TestProbe<Fetcher.Reply> collector = testKit.createTestProbe();
  private final CountDownLatch together = new CountDownLatch(4);

  FetcherTest() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page(
                    "/", "<title>home</title><a href=/a>a</a><a href=http://elsewhere.test/>x</a>")
                .page("/a", "<title>a</title>")
                .on(
                    "/slow",
                    ex -> {
                      try {
                        Thread.sleep(500);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      LoopbackServer.html(ex, "<title>slow</title>");
                    })
                .on(
                    "/together",
                    ex -> {
                      // Answers once four requests are in: only overlapping requests get answers.
                      together.countDown();
                      try {
                        together.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      LoopbackServer.html(ex, "<title>together</title>");
                    }));
    settings = TestCrawls.settings("", server.url("/"));
    http = new HttpFetcher(settings.fetch());
  }

  @AfterEach
  void close() {
    http.close();
    server.close();
  }

  private ActorRef<Fetcher.Command> fetcher(FetchInterceptor interceptor) {
    UrlNormalizer normalizer = new UrlNormalizer(2048);
    PageProcessor processor =
        new PageProcessor(
            normalizer,
            new PageParser(settings.parse(), normalizer),
            settings.crawlScope(normalizer),
            -1,
            1 << 20,
            "akka-crawler",
            true,
            settings.followEchoes());
    return testKit.spawn(
        Behaviors.supervise(
                Fetcher.create(
                    http, processor, new SiteDocuments(http, normalizer, settings), interceptor))
            .onFailure(SupervisorStrategy.restart()));
  }

  private CrawlJob job(long id, String path) {
    return CrawlJob.of(id, server.url(path), 0, null);
  }

  @Test
  void fetchesParsesAndRepliesToTheCollector() {
    ActorRef<Fetcher.Command> fetcher = fetcher(FetchInterceptor.NONE);
    fetcher.tell(new Fetcher.Fetch(job(1, "/"), 41, collector.ref()));
    Fetcher.Fetched reply = collector.expectMessageClass(Fetcher.Fetched.class);
    assertEquals(41, reply.dispatchId());
    FetchResult.Fetched page = assertInstanceOf(FetchResult.Fetched.class, reply.result());
    assertEquals("home", page.page().title());
    assertEquals(List.of(server.url("/a")), page.follow(), "only in-scope links");
  }

  @Test
  void runsSeveralRequestsAtOnce() {
    ActorRef<Fetcher.Command> fetcher = fetcher(FetchInterceptor.NONE);
    for (int i = 1; i <= 4; i++) {
      fetcher.tell(new Fetcher.Fetch(job(i, "/together"), i, collector.ref()));
    }
    // The server answers none of the four before all four have arrived: they overlap.
    List<Fetcher.Fetched> replies =
        collector.receiveSeveralMessages(4, Duration.ofSeconds(10)).stream()
            .map(Fetcher.Fetched.class::cast)
            .toList();
    replies.forEach(
        r ->
            assertEquals(
                "together", ((FetchResult.Fetched) r.result()).page().title(), r.toString()));
  }

  @Test
  void reportsItsUnfinishedJobsWhenItCrashesAndKeepsWorking() {
    ActorRef<Fetcher.Command> fetcher =
        fetcher(
            url -> {
              if (url.endsWith("/a")) {
                throw new IllegalStateException("injected");
              }
              return FetchInterceptor.Action.PROCEED;
            });
    fetcher.tell(new Fetcher.Fetch(job(1, "/slow"), 1, collector.ref()));
    fetcher.tell(new Fetcher.Fetch(job(2, "/a"), 2, collector.ref()));

    Map<Long, Class<?>> kinds = new HashMap<>();
    for (Object m : collector.receiveSeveralMessages(2, Duration.ofSeconds(3))) {
      Fetcher.Fetched f = (Fetcher.Fetched) m;
      kinds.put(f.dispatchId(), f.result().getClass());
    }
    assertEquals(Map.of(1L, FetchResult.Restarted.class, 2L, FetchResult.Crashed.class), kinds);
    // The slow response still arrives, at the restarted actor: it must not be reported twice.
    collector.expectNoMessage(Duration.ofMillis(800));

    fetcher.tell(new Fetcher.Fetch(job(3, "/"), 3, collector.ref()));
    assertInstanceOf(
        FetchResult.Fetched.class, collector.expectMessageClass(Fetcher.Fetched.class).result());
  }

  @Test
  void turnsAConnectionErrorIntoARetryableResult() throws IOException {
    server.close();
    ActorRef<Fetcher.Command> fetcher = fetcher(FetchInterceptor.NONE);
    fetcher.tell(new Fetcher.Fetch(job(1, "/"), 1, collector.ref()));
    FetchResult r = collector.expectMessageClass(Fetcher.Fetched.class).result();
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals(Reason.CONNECT_FAILED, r.reason());
  }
}
