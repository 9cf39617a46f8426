package io.akkacrawler.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Routes;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.cli.Cli;
import io.akkacrawler.cli.ExitCodes;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Crawls of a loopback site that wants cookies and reads request headers, as a browser sends. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CookiesAndHeadersCrawlTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LoopbackServer server;

  /** The headers of the last request for each path. */
  private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * "/" sets a session cookie and links to /members, which is 403 without it; /login redirects to
   * /home and sets the cookie on the way.
   */
  private Routes site() {
    return new Routes()
        .on(
            "/",
            ex -> {
              ex.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/; HttpOnly");
              ex.getResponseHeaders().add("Set-Cookie", "theme=dark; Path=/; Max-Age=3600");
              LoopbackServer.html(ex, "<title>Home</title><a href=\"/members\">members</a>");
            })
        .on("/members", ex -> membersOnly(ex, "<title>Members</title>"))
        .on(
            "/login",
            ex -> {
              ex.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/");
              LoopbackServer.redirect(ex, 302, "/home");
            })
        .on("/home", ex -> membersOnly(ex, "<title>Welcome back</title>"));
  }

  private static void membersOnly(HttpExchange ex, String html) throws IOException {
    String cookie = ex.getRequestHeaders().getFirst("Cookie");
    if (cookie != null && cookie.contains("session=abc123")) {
      LoopbackServer.html(ex, html);
    } else {
      LoopbackServer.send(
          ex, 403, "text/html", "<title>Log in first</title>".getBytes(StandardCharsets.UTF_8));
    }
  }

  private LoopbackServer serve(Routes routes) throws IOException {
    server =
        LoopbackServer.start(
            ex -> {
              Map<String, String> headers = new HashMap<>();
              ex.getRequestHeaders()
                  .forEach((k, v) -> headers.put(k.toLowerCase(), String.join(", ", v)));
              seen.put(ex.getRequestURI().getPath(), headers);
              routes.handle(ex);
            });
    return server;
  }

  @Test
  void aPageBehindASessionCookieSetByAnEarlierPageIsFetched() throws IOException {
    serve(site());
    TestCrawls.Result result = TestCrawls.crawl(TestCrawls.settings("", server.url("/")));
    assertEquals(200, result.only(server.url("/members")).status());
    assertEquals("Members", result.only(server.url("/members")).title());
    assertEquals("session=abc123; theme=dark", seen.get("/members").get("cookie"));
    assertEquals(null, seen.get("/").get("cookie"), "no cookie before the server set one");
  }

  @Test
  void aCookieSetByARedirectGoesWithTheNextHop() throws IOException {
    serve(site());
    TestCrawls.Result result = TestCrawls.crawl(TestCrawls.settings("", server.url("/login")));
    assertEquals(200, result.only(server.url("/login")).status());
    assertEquals("Welcome back", result.only(server.url("/login")).title());
  }

  @Test
  void aRedirectBackToItselfThatSetsACookieIsACookieCheckNotALoop() throws IOException {
    // The consent pattern: without the cookie, /consent sets it and sends the browser back.
    LoopbackServer.Handler check =
        ex -> {
          String cookie = ex.getRequestHeaders().getFirst("Cookie");
          if (cookie != null && cookie.contains("consent=1")) {
            LoopbackServer.html(ex, "<title>Article</title>");
          } else {
            ex.getResponseHeaders().add("Set-Cookie", "consent=1; Path=/");
            LoopbackServer.redirect(ex, 302, "/consent");
          }
        };
    // A server that sets a cookie on every hop and never stops is still a loop, ended by the
    // redirect limit.
    LoopbackServer.Handler endless =
        ex -> {
          ex.getResponseHeaders().add("Set-Cookie", "n=" + System.nanoTime() + "; Path=/");
          LoopbackServer.redirect(ex, 302, "/endless");
        };
    serve(new Routes().on("/consent", check).on("/endless", endless));
    TestCrawls.Result result =
        TestCrawls.crawl(TestCrawls.settings("", server.url("/consent"), server.url("/endless")));
    CrawlRecord article = result.only(server.url("/consent"));
    assertEquals(200, article.status(), article.toString());
    assertEquals("Article", article.title());
    assertEquals("too-many-redirects", result.only(server.url("/endless")).reason());
  }

  @Test
  void withoutCookiesThePageStaysClosed() throws IOException {
    serve(site());
    TestCrawls.Result result =
        TestCrawls.crawl(TestCrawls.settings("crawler.fetch.cookies = false", server.url("/")));
    assertEquals(403, result.only(server.url("/members")).status());
    assertEquals(null, seen.get("/members").get("cookie"));
  }

  @Test
  void headersFromTheConfigReachTheServerOnEveryRequest() throws IOException {
    serve(site());
    TestCrawls.crawl(
        TestCrawls.settings(
            "crawler.fetch.headers { \"Accept-Language\" = \"de, en;q=0.5\", Accept = \"text/html\" }",
            server.url("/")));
    for (String path : List.of("/robots.txt", "/", "/members")) {
      assertEquals("de, en;q=0.5", seen.get(path).get("accept-language"), path);
      assertEquals("text/html", seen.get(path).get("accept"), path + ": replaced, not added");
    }
  }

  private int cli(PrintStream err, Cli.Signals signals, String... args) {
    return Cli.run(args, new PrintStream(OutputStream.nullOutputStream()), err, signals);
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  @Test
  void aCookiesTxtCookieAndHeaderFlagsReachTheServer() throws IOException {
    serve(site());
    Path cookies = dir.resolve("cookies.txt");
    Files.writeString(
        cookies,
        "# Netscape HTTP Cookie File\n"
            + "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc123\n"
            + ".example.com\tTRUE\t/\tFALSE\t0\tother\tsite\n");
    Path out = dir.resolve("out.jsonl");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        cli(
            stream(err),
            Cli.Signals.manual(),
            "-q",
            "--cookies",
            cookies.toString(),
            "--header",
            "X-Crawl-Run: 42",
            "--header",
            "Accept-Language: de",
            "--header",
            "accept-language: en;q=0.5",
            "--header",
            "User-Agent: Mozilla/5.0 (compatible; test)",
            "--max-depth",
            "0",
            "-o",
            out.toString(),
            server.url("/members"));
    assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
    JsonNode record = JSON.readTree(Files.readAllLines(out).get(0));
    assertEquals(200, record.get("status").asInt(), "the cookie from the file opened the page");
    assertEquals("session=abc123", seen.get("/members").get("cookie"));
    assertEquals("42", seen.get("/members").get("x-crawl-run"));
    assertEquals("de, en;q=0.5", seen.get("/members").get("accept-language"), "both, as curl");
    assertEquals("Mozilla/5.0 (compatible; test)", seen.get("/robots.txt").get("user-agent"));
  }

  @Test
  void cookiesSurviveAResume() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    serve(
        site()
            .on(
                "/",
                ex -> {
                  ex.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/");
                  LoopbackServer.html(ex, "<a href=\"/next\">next</a>");
                })
            .on(
                "/next",
                ex -> {
                  arrived.countDown();
                  await(release);
                  LoopbackServer.html(ex, "<a href=\"/members\">members</a>");
                }));
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    Cli.Signals signals = Cli.Signals.manual();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () ->
                cli(
                    stream(err),
                    signals,
                    "-q",
                    "--delay",
                    "0",
                    "--state",
                    state.toString(),
                    "-o",
                    out.toString(),
                    server.url("/")));
    assertTrue(arrived.await(60, TimeUnit.SECONDS), "the crawl is under way");
    signals.interrupt(); // /members is admitted from /next, but not fetched: the crawl stops
    release.countDown();
    assertEquals(ExitCodes.INTERRUPTED, first.get(60, TimeUnit.SECONDS), err.toString());
    assertEquals(null, seen.get("/members"));

    long homeRequests = server.requestCount("/");
    ByteArrayOutputStream resumed = new ByteArrayOutputStream();
    assertEquals(
        ExitCodes.OK,
        cli(stream(resumed), Cli.Signals.manual(), "--resume", state.toString(), "-q"));
    assertEquals("session=abc123", seen.get("/members").get("cookie"));
    assertEquals(homeRequests, server.requestCount("/"), "the cookie came from the saved jar");
    List<String> lines = Files.readAllLines(out);
    JsonNode members = JSON.readTree(lines.get(lines.size() - 1));
    assertTrue(members.get("url").asText().endsWith("/members"), members.toString());
    assertEquals(200, members.get("status").asInt());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
