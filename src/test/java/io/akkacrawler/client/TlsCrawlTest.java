package io.akkacrawler.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.akkacrawler.Routes;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.demo.LoopbackServer;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Crawls of https sites on 127.0.0.1 whose certificates the crawl trusts, or not. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsCrawlTest {
  private static final String SITE =
      "<html><head><title>Home</title></head><body><a href=\"/a\">a</a></body></html>";

  private LoopbackServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String serve(KeyStore certificate) throws Exception {
    server =
        LoopbackServer.startHttps(
            TestCertificates.serverContext(certificate),
            new Routes().page("/", SITE).page("/a", "<title>A</title>"));
    return server.url("/");
  }

  private TestCrawls.Result crawl(String hocon, String seed) {
    return TestCrawls.crawl(TestCrawls.settings(hocon, seed));
  }

  private static String caFile() {
    return "crawler.fetch.tls.ca-file = \""
        + TestCertificates.get().caPem.toString().replace("\\", "\\\\")
        + "\"";
  }

  private void assertFetched(TestCrawls.Result result, String seed) {
    result.assertNoDuplicates();
    assertEquals(2, result.records().size(), result.urls().toString());
    for (CrawlRecord r : result.records()) {
      assertEquals(Outcome.FETCHED, r.outcome(), r.toString());
      assertEquals(200, r.status());
    }
    assertEquals("Home", result.only(seed).title());
  }

  /** The seed failed as tls-error, with {@code expected} in its error, and nothing else ran. */
  private void assertRefused(TestCrawls.Result result, String seed, String expected) {
    CrawlRecord r = result.only(seed);
    assertEquals(Outcome.FAILED, r.outcome());
    assertEquals("tls-error", r.reason());
    assertNull(r.status());
    assertTrue(r.error().contains(expected), r.error());
    assertEquals(1, result.records().size());
    assertEquals(0, server.requests().size(), "no request got past the handshake");
  }

  @Test
  void aSelfSignedSiteFailsAsTlsErrorSayingTheIssuerIsUnknown() throws Exception {
    String seed = serve(TestCertificates.get().selfSigned);
    TestCrawls.Result result = crawl("", seed);
    assertRefused(result, seed, "unknown issuer");
    assertEquals(1, result.summary().reasons().get("tls-error"));
  }

  @Test
  void aSelfSignedPageFailsAsTlsErrorWithoutRobotsTxtToo() throws Exception {
    String seed = serve(TestCertificates.get().selfSigned);
    assertRefused(crawl("crawler.robots.enabled = false", seed), seed, "unknown issuer");
  }

  @Test
  void insecureFetchesASelfSignedSite() throws Exception {
    String seed = serve(TestCertificates.get().selfSigned);
    assertFetched(crawl("crawler.fetch.tls.insecure = true", seed), seed);
  }

  @Test
  void insecureAcceptsAnExpiredCertificateForAnotherName() throws Exception {
    String seed = serve(TestCertificates.get().otherName);
    assertFetched(crawl("crawler.fetch.tls.insecure = true", seed), seed);
    server.close();
    seed = serve(TestCertificates.get().expired);
    assertFetched(crawl("crawler.fetch.tls.insecure = true", seed), seed);
  }

  @Test
  void aCaFileMakesASiteItSignedTrusted() throws Exception {
    String seed = serve(TestCertificates.get().good);
    assertRefused(crawl("", seed), seed, "unknown issuer");
    assertFetched(crawl(caFile(), seed), seed);
  }

  @Test
  void anExpiredCertificateFailsSayingItExpired() throws Exception {
    String seed = serve(TestCertificates.get().expired);
    assertRefused(crawl(caFile(), seed), seed, "certificate expired");
  }

  @Test
  void aCertificateForAnotherNameFailsSayingTheNameDoesNotMatch() throws Exception {
    String seed = serve(TestCertificates.get().otherName);
    assertRefused(crawl(caFile(), seed), seed, "name mismatch");
  }
}
