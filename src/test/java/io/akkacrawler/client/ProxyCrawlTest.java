package io.akkacrawler.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.ChildJvm;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.akkacrawler.Routes;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.demo.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crawls through a loopback proxy of a site whose name, site.internal, only the proxy resolves: it
 * can only be crawled through the proxy, and the proxy must see every request, robots.txt too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProxyCrawlTest {
  private static final String HOME =
      "<html><head><title>Intranet</title></head><body><a href=\"/a\">a</a>"
          + " <a href=\"/b?x=1\">b</a></body></html>";

  @TempDir Path dir;
  private LoopbackServer site;
  private TestProxy proxy;

  /** What reached the site: path and query, with the Via header the proxy adds (null if none). */
  private final ConcurrentLinkedQueue<String> arrived = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (site != null) {
      site.close();
    }
  }

  private static final Set<String> PATHS = Set.of("/robots.txt", "/", "/a", "/b?x=1");

  /** The paths (with query) the site was asked for. */
  private Set<String> arrivedPaths() {
    return arrived.stream()
        .map(a -> a.substring(0, a.indexOf(" via ")))
        .collect(Collectors.toSet());
  }

  private Routes routes() {
    Routes routes = new Routes().page("/", HOME).page("/a", "<title>A</title>");
    return routes
        .page("/b", "<title>B</title>")
        .on(
            "/robots.txt",
            ex ->
                LoopbackServer.send(
                    ex,
                    200,
                    "text/plain",
                    "User-agent: *\nDisallow:\n".getBytes(StandardCharsets.UTF_8)));
  }

  private LoopbackServer.Handler recording(Routes routes) {
    return ex -> {
      arrived.add(ex.getRequestURI() + " via " + ex.getRequestHeaders().getFirst("Via"));
      routes.handle(ex);
    };
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertAllFetched(TestCrawls.Result result, String root) {
    result.assertNoDuplicates();
    assertEquals(
        List.of(root, root + "a", root + "b?x=1"), result.urls(), "every page, through the proxy");
    for (CrawlRecord r : result.records()) {
      assertEquals(Outcome.FETCHED, r.outcome(), r.toString());
      assertEquals(200, r.status(), r.toString());
    }
  }

  @Test
  void aSiteOnlyTheProxyKnowsIsCrawledThroughItRobotsTxtIncluded() throws Exception {
    site = LoopbackServer.start(recording(routes()));
    proxy = new TestProxy(Map.of("site.internal:80", site.port()), null);

    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.fetch.proxy = \"" + proxy.url() + "\"", "http://site.internal/"));

    assertAllFetched(result, "http://site.internal/");
    List<String> targets = proxy.requests().stream().map(TestProxy.Request::target).toList();
    assertEquals("http://site.internal:80/robots.txt", targets.get(0), "robots.txt first");
    assertEquals(
        Set.of(
            "http://site.internal:80/robots.txt",
            "http://site.internal/",
            "http://site.internal/a",
            "http://site.internal/b?x=1"),
        Set.copyOf(targets));
    assertEquals(targets.size(), arrived.size(), "the site saw exactly what the proxy forwarded");
    assertTrue(
        arrived.stream().allMatch(a -> a.endsWith(" via 1.1 test-proxy")), arrived.toString());
  }

  @Test
  void httpsGoesThroughTheProxyWithConnect() throws Exception {
    site =
        LoopbackServer.startHttps(
            TestCertificates.serverContext(TestCertificates.get().good), recording(routes()));
    proxy = new TestProxy(Map.of("site.internal:443", site.port()), null);

    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.fetch { proxy = \""
                    + proxy.url()
                    + "\", tls.ca-file = \""
                    + TestCertificates.get().caPem
                    + "\" }",
                "https://site.internal/"));

    assertAllFetched(result, "https://site.internal/");
    assertEquals(PATHS, arrivedPaths(), "robots.txt and the three pages");
    assertTrue(
        proxy.requests().stream()
            .allMatch(r -> r.method().equals("CONNECT") && r.target().equals("site.internal:443")),
        proxy.requests().toString());
  }

  @Test
  void aProxyThatRefusesTheTunnelFailsTheUrlAtOnceNamingTheProxy() throws Exception {
    site =
        LoopbackServer.startHttps(
            TestCertificates.serverContext(TestCertificates.get().good), recording(routes()));
    // Credentials it does not take: it answers each CONNECT with 407.
    proxy = new TestProxy(Map.of("site.internal:443", site.port()), basic("crawler:right"));

    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.robots.enabled = false\ncrawler.fetch { proxy = \"http://crawler:wrong@"
                    + "127.0.0.1:"
                    + proxy.port()
                    + "\", tls.ca-file = \""
                    + TestCertificates.get().caPem
                    + "\" }",
                "https://site.internal/"));

    assertRefusedByTheProxy(result.only("https://site.internal/"), "tunnel");
  }

  @Test
  void aProxyThatRefusesAPlainHttpRequestFailsTheUrlNamingTheProxy() throws Exception {
    site = LoopbackServer.start(recording(routes()));
    proxy = new TestProxy(Map.of("site.internal:80", site.port()), basic("crawler:right"));

    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.robots.enabled = false\ncrawler.fetch.proxy = \"http://crawler:wrong@"
                    + "127.0.0.1:"
                    + proxy.port()
                    + "\"",
                "http://site.internal/"));

    // The proxy's own 407 is not the page's status.
    assertRefusedByTheProxy(result.only("http://site.internal/"), "request");
  }

  /** {@code r} failed at once at the proxy, which refused the {@code what} with a 407. */
  private void assertRefusedByTheProxy(CrawlRecord r, String what) {
    assertEquals(Outcome.FAILED, r.outcome(), r.toString());
    assertEquals("connect-failed", r.reason(), r.toString());
    assertEquals(
        "proxy 127.0.0.1:"
            + proxy.port()
            + " refused the "
            + what
            + ": 407 (proxy authentication required)",
        r.error());
    assertEquals(1, r.attempts(), "a 407 would come again: not retried");
    assertTrue(arrived.isEmpty(), "nothing reached the site");
  }

  @Test
  void anUnreachableProxyIsNamedInTheError() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // nobody listens there once closed
    }
    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.robots.enabled = false\ncrawler.retry.max-attempts = 1\n"
                    + "crawler.fetch.proxy = \"http://127.0.0.1:"
                    + closed
                    + "\"",
                "http://site.internal/"));
    CrawlRecord r = result.only("http://site.internal/");
    assertEquals("connect-failed", r.reason(), r.toString());
    assertTrue(
        r.error().startsWith("proxy 127.0.0.1:" + closed + ": connection refused"), r.error());
  }

  @Test
  void theProxysCredentialsGoWithEveryRequest() throws Exception {
    site = LoopbackServer.start(recording(routes()));
    proxy = new TestProxy(Map.of("site.internal:80", site.port()), basic("crawler:s3cr:t"));

    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.fetch.proxy = \"http://crawler:s3cr%3At@127.0.0.1:" + proxy.port() + "\"",
                "http://site.internal/"));
    assertAllFetched(result, "http://site.internal/");

    // The same with the credentials in settings of their own.
    arrived.clear();
    result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.fetch { proxy = \""
                    + proxy.url()
                    + "\", proxy-user = crawler, proxy-password = \"s3cr:t\" }",
                "http://site.internal/"));
    assertAllFetched(result, "http://site.internal/");
    assertTrue(
        proxy.requests().stream()
            .allMatch(r -> basic("crawler:s3cr:t").equals(r.proxyAuthorization())),
        proxy.requests().toString());
  }

  @Test
  void hostsInNoProxyAreReachedDirectly() throws Exception {
    site = LoopbackServer.start(recording(routes()));
    proxy = new TestProxy(Map.of(), null);

    TestCrawls.Result result =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.fetch { proxy = \"" + proxy.url() + "\", no-proxy = [\"127.0.0.1\"] }",
                site.url("/")));

    assertAllFetched(result, site.url("/"));
    assertEquals(List.of(), proxy.requests());
    assertTrue(arrived.stream().allMatch(a -> a.endsWith(" via null")), arrived.toString());
  }

  /** The crawler as a user runs it, in a JVM of its own; returns its records, one JSON a line. */
  private List<String> runCrawl(Map<String, String> env, String... args) throws Exception {
    Path out = dir.resolve("out.jsonl");
    Path log = dir.resolve("crawl.log");
    List<String> all = new ArrayList<>(List.of("-q", "-o", out.toString()));
    all.addAll(List.of(args));
    Process p = ChildJvm.start(List.of("-XX:TieredStopAtLevel=1"), all, log, env);
    try {
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the crawl ended");
      assertEquals(0, p.exitValue(), Files.readString(log));
    } finally {
      p.destroyForcibly();
    }
    return Files.readAllLines(out);
  }

  @Test
  void theProxyVariablesAreHonouredWhenNoProxyIsGiven() throws Exception {
    site = LoopbackServer.start(recording(routes()));
    proxy = new TestProxy(Map.of("site.internal:80", site.port()), null);
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("http_proxy", "https_proxy", "no_proxy")) {
      env.put(name, null);
      env.put(name.toUpperCase(java.util.Locale.ROOT), null);
    }
    env.put("HTTP_PROXY", "127.0.0.1:" + proxy.port()); // upper case, no scheme: as curl takes it
    env.put("no_proxy", "localhost,.example.com");

    List<String> records = runCrawl(env, "http://site.internal/");

    assertEquals(3, records.size(), records.toString());
    assertTrue(records.stream().allMatch(r -> r.contains("\"status\":200")), records.toString());
    assertEquals(PATHS, arrivedPaths(), "robots.txt and the three pages");
    assertEquals(proxy.requests().size(), arrived.size(), "each of them through the proxy");
  }

  @Test
  void anEmptyProxyFlagTurnsTheEnvironmentsProxyOff() throws Exception {
    site = LoopbackServer.start(recording(routes()));
    proxy = new TestProxy(Map.of(), null);
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("http_proxy", "https_proxy", "no_proxy")) {
      env.put(name, null);
      env.put(name.toUpperCase(java.util.Locale.ROOT), null);
    }
    env.put("http_proxy", proxy.url());

    List<String> records = runCrawl(env, "--proxy", "", site.url("/"));

    assertEquals(3, records.size(), records.toString());
    assertTrue(records.stream().allMatch(r -> r.contains("\"status\":200")), records.toString());
    assertEquals(List.of(), proxy.requests(), "as curl -x \"\": straight to the site");
  }

  @Test
  void httpsGoesThroughAProxyThatWantsCredentials() throws Exception {
    site =
        LoopbackServer.startHttps(
            TestCertificates.serverContext(TestCertificates.get().good), recording(routes()));
    proxy = new TestProxy(Map.of("site.internal:443", site.port()), basic("crawler:pw"));

    // The JDK's client leaves Basic credentials out of CONNECT unless told otherwise before its
    // first request: the command line does that, so this runs as a user runs it. (With the JDK's
    // default, jdk.http.auth.tunneling.disabledSchemes=Basic, this crawl does not get through.)
    List<String> records =
        runCrawl(
            Map.of(),
            "--proxy",
            "http://crawler:pw@127.0.0.1:" + proxy.port(),
            "--ca-file",
            TestCertificates.get().caPem.toString(),
            "https://site.internal/");

    assertEquals(3, records.size(), records.toString());
    assertTrue(records.stream().allMatch(r -> r.contains("\"status\":200")), records.toString());
    assertTrue(
        proxy.requests().stream()
            .allMatch(
                r ->
                    r.method().equals("CONNECT")
                        && basic("crawler:pw").equals(r.proxyAuthorization())),
        proxy.requests().toString());
  }
}
