package io.akkacrawler.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.akkacrawler.Routes;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.demo.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crawls through a loopback proxy of a site whose name, site.internal, only the proxy resolves: it
 * can only be crawled through the proxy, and the proxy must see every request, robots.txt too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProxyCrawlTest {
  private static final String HOME =
      "<html><head><title>Intranet</title></head><body><a href=\"/a\">a</a>"
          + " <a href=\"/b?x=1\">b</a></body></html>";

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
    assertEquals(4, targets.size());
    assertEquals(4, arrived.size(), "the site saw exactly what the proxy forwarded");
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
    assertEquals(4, arrived.size(), "robots.txt and the three pages");
    assertTrue(
        proxy.requests().stream()
            .allMatch(r -> r.method().equals("CONNECT") && r.target().equals("site.internal:443")),
        proxy.requests().toString());
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
}
