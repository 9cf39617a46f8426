package io.akkacrawler.fetch;

import static io.akkacrawler.config.ParseSettings.Content.NONE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.config.ParseSettings;
import io.akkacrawler.fetch.HttpResult.BodyMode;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.parse.PageParser;
import io.akkacrawler.url.Scope;
import io.akkacrawler.url.ScopeMode;
import io.akkacrawler.url.UrlNormalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageProcessorTest {
  private static final String URL = "http://site.test/docs/page.html";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String PAGE =
      "<!doctype html><html><head><title>Docs page</title></head><body>"
          + "<a href=\"next.html\">next</a>"
          + "<a href=\"/about#team\">about</a>"
          + "<a href=\"http://other.test/x\">elsewhere</a>"
          + "<a href=\"mailto:me@site.test\">mail</a>"
          + "</body></html>";
  private static final List<String> IN_SCOPE =
      List.of("http://site.test/docs/next.html", "http://site.test/about");

  private final UrlNormalizer normalizer = new UrlNormalizer(2048);
  private final PageParser parser = new PageParser(new ParseSettings(1000, List.of()), normalizer);
  private final Scope scope =
      new Scope(ScopeMode.HOST, List.of("http://site.test/"), List.of(), List.of());

  private PageProcessor processor(int maxDepth) {
    return new PageProcessor(
        normalizer, parser, scope, maxDepth, 1024 * 1024, "akka-crawler", true, false);
  }

  private final PageProcessor processor = processor(-1);

  private static HttpResult response(int status, String contentType, byte[] body, BodyMode mode) {
    return new HttpResult(
        status,
        contentType,
        null,
        null,
        null,
        body.length,
        body,
        body.length,
        false,
        mode,
        42,
        null);
  }

  private static HttpResult html(String html) {
    return response(200, HTML, html.getBytes(UTF_8), BodyMode.KEPT);
  }

  private static HttpResult redirect(int status, String location) {
    return new HttpResult(
        status,
        "text/html",
        null,
        location,
        null,
        0,
        new byte[0],
        0,
        false,
        BodyMode.DISCARDED,
        7,
        null);
  }

  private static HttpResult withRetryAfter(int status, String retryAfter) {
    return new HttpResult(
        status,
        "text/html",
        null,
        null,
        retryAfter,
        0,
        new byte[0],
        0,
        false,
        BodyMode.DISCARDED,
        9,
        null);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Test
  void redirectWithRelativeLocationGivesAbsoluteNormalizedTarget() {
    FetchResult r = processor.process(URL, 0, redirect(301, "../New/./Place.html#frag"));
    assertInstanceOf(FetchResult.Redirect.class, r);
    assertEquals(301, r.response().status());
    assertEquals("http://site.test/New/Place.html", ((FetchResult.Redirect) r).location());
    assertFalse(r.terminal());
  }

  @Test
  void redirectToAnotherHostIsStillReportedForTheFrontierToJudge() {
    FetchResult r = processor.process(URL, 0, redirect(308, "HTTPS://Other.TEST:443/a"));
    assertInstanceOf(FetchResult.Redirect.class, r);
    assertEquals("https://other.test/a", ((FetchResult.Redirect) r).location());
  }

  @ParameterizedTest
  @ValueSource(strings = {"javascript:x", "mailto:a@site.test", "ftp://site.test/file", "  "})
  void redirectToUnusableLocationFails(String location) {
    FetchResult r = processor.process(URL, 0, redirect(302, location));
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("bad-redirect", r.reasonLabel());
    assertEquals(302, r.response().status());
    assertTrue(r.detail().contains(location), r.detail());
  }

  @Test
  void redirectStatusWithoutLocationIsRecordedAsFetched() {
    FetchResult r = processor.process(URL, 0, redirect(304, null));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals(304, r.response().status());
    assertNull(page(r));
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503, 504})
  void retriesOverloadAndServerErrorsWithRetryAfter(int status) {
    FetchResult r = processor.process(URL, 0, withRetryAfter(status, "7"));
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("http-" + status, r.reasonLabel());
    assertEquals(status, r.response().status());
    assertEquals(7_000, ((FetchResult.Retry) r).retryAfterMs());
    assertEquals(9, r.response().fetchMs());
    assertEquals("Retry-After: 7", r.detail(), "what the server asked for, for the record");
  }

  @Test
  void retryWithoutUsableRetryAfterLeavesTheDelayToTheBackOff() {
    assertEquals(
        -1,
        ((FetchResult.Retry) processor.process(URL, 0, withRetryAfter(503, null))).retryAfterMs());
    FetchResult later = processor.process(URL, 0, withRetryAfter(503, "later"));
    assertEquals(-1, ((FetchResult.Retry) later).retryAfterMs());
    assertEquals("Retry-After: later (not understood)", later.detail());
  }

  @Test
  void retryAfterAsHttpDateInThePastMeansNoWait() {
    FetchResult r = processor.process(URL, 0, withRetryAfter(429, "Sun, 06 Nov 1994 08:49:37 GMT"));
    assertEquals(0, ((FetchResult.Retry) r).retryAfterMs());
  }

  @ParameterizedTest
  @ValueSource(ints = {501, 505})
  void serverErrorsThatWillNotPassAreNotRetried(int status) {
    FetchResult r = processor.process(URL, 0, withRetryAfter(status, "7"));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals(status, r.response().status());
  }

  @Test
  void notFoundIsFetchedWithoutPage() {
    byte[] body = "<html><title>Not here</title><a href=\"/x\">x</a></html>".getBytes(UTF_8);
    FetchResult r = processor.process(URL, 0, response(404, HTML, body, BodyMode.DISCARDED));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals(404, r.response().status());
    assertNull(page(r));
    assertEquals(List.of(), follow(r));
    assertTrue(r.terminal());
  }

  @Test
  void skipsNonHtmlResponses() {
    HttpResult pdf =
        new HttpResult(
            200,
            "application/pdf",
            null,
            null,
            null,
            12_345,
            new byte[0],
            0,
            false,
            BodyMode.NOT_HTML,
            5,
            null);
    FetchResult r = processor.process(URL, 0, pdf);
    assertInstanceOf(FetchResult.Skipped.class, r);
    assertEquals("non-html", r.reasonLabel());
    assertEquals("application/pdf", r.response().contentType());
    assertEquals(0, r.response().bytes(), "the body was not read");
  }

  @Test
  void skipsTooLargeBodiesReportingTheirDeclaredLength() {
    HttpResult huge =
        new HttpResult(
            200,
            HTML,
            null,
            null,
            null,
            50_000_000,
            new byte[0],
            0,
            false,
            BodyMode.TOO_LARGE,
            5,
            null);
    FetchResult r = processor.process(URL, 0, huge);
    assertInstanceOf(FetchResult.Skipped.class, r);
    assertEquals("too-large", r.reasonLabel());
    assertEquals(0, r.response().bytes(), "nothing of it was read");
    assertEquals("declared Content-Length: 50000000", r.detail());
    assertEquals(200, r.response().status());
  }

  @Test
  void parsesHtmlAndFollowsOnlyInScopeLinks() {
    FetchResult r = processor.process(URL, 0, html(PAGE));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals(200, r.response().status());
    assertEquals(HTML, r.response().contentType());
    assertEquals(PAGE.getBytes(UTF_8).length, r.response().bytes());
    assertEquals(42, r.response().fetchMs());
    assertFalse(r.response().truncated());
    assertNotNull(page(r));
    assertEquals("Docs page", page(r).title());
    assertEquals(
        List.of("http://site.test/docs/next.html", "http://site.test/about", "http://other.test/x"),
        page(r).links());
    assertEquals(IN_SCOPE, follow(r));
  }

  @Test
  void followsLinksBelowTheDepthLimit() {
    assertEquals(IN_SCOPE, follow(processor(2).process(URL, 1, html(PAGE))));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void followsNothingAtOrBeyondTheDepthLimit(int depth) {
    FetchResult r = processor(2).process(URL, depth, html(PAGE));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals(3, page(r).links().size(), "links are still recorded");
    assertEquals(List.of(), follow(r));
  }

  @Test
  void depthLimitZeroFollowsNothingFromTheSeeds() {
    assertEquals(List.of(), follow(processor(0).process(URL, 0, html(PAGE))));
  }

  @Test
  void followsNothingFromAPageWithMetaRobotsNofollow() {
    String page =
        PAGE.replace("<head>", "<head><meta name=\"robots\" content=\"noindex, nofollow\">");
    FetchResult r = processor.process(URL, 0, html(page));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertTrue(page(r).nofollow());
    assertEquals(List.of(), follow(r));
  }

  @Test
  void skipsBinaryBodyServedWithoutContentType() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};
    FetchResult r = processor.process(URL, 0, response(200, null, png, BodyMode.KEPT));
    assertInstanceOf(FetchResult.Skipped.class, r);
    assertEquals("non-html", r.reasonLabel());
    assertEquals(png.length, r.response().bytes());
  }

  @Test
  void parsesHtmlBodyServedWithoutContentType() {
    FetchResult r =
        processor.process(URL, 0, response(200, null, PAGE.getBytes(UTF_8), BodyMode.KEPT));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals("Docs page", page(r).title());
    assertEquals(IN_SCOPE, follow(r));
  }

  @Test
  void decodesGzipBodyBeforeParsing() {
    byte[] body = gzip(PAGE.getBytes(UTF_8));
    HttpResult gz =
        new HttpResult(
            200,
            HTML,
            "gzip",
            null,
            null,
            body.length,
            body,
            body.length,
            false,
            BodyMode.KEPT,
            3,
            null);
    FetchResult r = processor.process(URL, 0, gz);
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals("Docs page", page(r).title());
    assertEquals(IN_SCOPE, follow(r));
    assertEquals(body.length, r.response().bytes(), "bytes as sent on the wire");
  }

  @Test
  void sniffsGzipBodyServedWithoutContentTypeAfterDecoding() {
    byte[] body = gzip(PAGE.getBytes(UTF_8));
    HttpResult gz =
        new HttpResult(
            200, null, "gzip", null, null, -1, body, body.length, false, BodyMode.KEPT, 3, null);
    FetchResult r = processor.process(URL, 0, gz);
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals("Docs page", page(r).title());
  }

  @Test
  void anEmptyContentTypeIsSniffedLikeAMissingOne() {
    byte[] body = PAGE.getBytes(UTF_8);
    for (String type : new String[] {"", "unknown/unknown"}) {
      FetchResult r = processor.process(URL, 0, response(200, type, body, BodyMode.KEPT));
      assertInstanceOf(FetchResult.Fetched.class, r, "[" + type + "]");
      assertEquals("Docs page", page(r).title());
    }
    FetchResult binary =
        processor.process(URL, 0, response(200, "", new byte[] {0, 1, 2, 3}, BodyMode.KEPT));
    assertEquals("non-html", binary.reasonLabel());
  }

  @Test
  void bodyCutOffOnTheWireIsParsedAndMarkedTruncated() {
    byte[] full = gzip(PAGE.getBytes(UTF_8));
    int cut = full.length - 12;
    HttpResult gz =
        new HttpResult(
            200, HTML, "gzip", null, null, full.length, full, cut, true, BodyMode.KEPT, 3, null);
    FetchResult r = processor.process(URL, 0, gz);
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertTrue(r.response().truncated());
    assertEquals("Docs page", page(r).title());
  }

  @Test
  void pageWithMoreTagsThanTheLimitIsParsedUpToItAndMarkedTruncated() {
    // A page of nested tags costs far more heap than its bytes: parsing stops at the limit.
    PageParser capped = new PageParser(new ParseSettings(1000, List.of(), NONE, 0, 6), normalizer);
    PageProcessor p =
        new PageProcessor(normalizer, capped, scope, -1, 1024 * 1024, "akka-crawler", true, false);
    String page =
        "<html><head><title>Docs page</title></head><body>"
            + "<a href=a.html>a</a><a href=b.html>b</a><a href=c.html>c</a><a href=d.html>d</a>";
    FetchResult r = p.process(URL, 0, html(page));
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertTrue(r.response().truncated());
    assertEquals("Docs page", page(r).title());
    assertEquals(
        List.of("http://site.test/docs/a.html", "http://site.test/docs/b.html"), page(r).links());
    FetchResult small = p.process(URL, 0, html("<title>Docs page</title><p>x"));
    assertFalse(small.response().truncated());
  }

  @Test
  void tagLimitCountsTheTagsOfAUtf16Page() {
    PageParser capped = new PageParser(new ParseSettings(1000, List.of(), NONE, 0, 2), normalizer);
    byte[] le = "<p>a<p>b<p>c".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    assertEquals(16, capped.parsedLength(le, le.length));
    byte[] be = "<p>a<p>b<p>c".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    assertEquals(16, capped.parsedLength(be, be.length));
  }

  @Test
  void failsOnContentEncodingItDidNotAskFor() {
    byte[] body = PAGE.getBytes(UTF_8);
    HttpResult br =
        new HttpResult(
            200,
            HTML,
            "br",
            null,
            null,
            body.length,
            body,
            body.length,
            false,
            BodyMode.KEPT,
            3,
            null);
    FetchResult r = processor.process(URL, 0, br);
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("unsupported-encoding", r.reasonLabel());
    assertEquals(200, r.response().status());
    assertTrue(r.detail().contains("br"), r.detail());
  }

  @Test
  void failsOnCorruptGzipBody() {
    byte[] body = PAGE.getBytes(UTF_8);
    HttpResult bad =
        new HttpResult(
            200,
            HTML,
            "gzip",
            null,
            null,
            body.length,
            body,
            body.length,
            false,
            BodyMode.KEPT,
            3,
            null);
    FetchResult r = processor.process(URL, 0, bad);
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("bad-encoding", r.reasonLabel());
  }

  @Test
  void refusedConnectionIsRetried() {
    FetchResult r = PageProcessor.failure(new ConnectException("Connection refused"), 11);
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("connect-failed", r.reasonLabel());
    assertEquals("connection refused", r.detail());
    assertEquals(0, r.response().status());
    assertEquals(11, r.response().fetchMs());
    // The JDK client's own form: no message, a closed channel as the cause.
    ConnectException bare = new ConnectException();
    bare.initCause(new java.nio.channels.ClosedChannelException());
    assertEquals("connection refused", PageProcessor.failure(bare, 1).detail());
  }

  @Test
  void unresolvedHostIsReportedAsUnknownHost() {
    ConnectException e = new ConnectException();
    e.initCause(new UnresolvedAddressException());
    FetchResult r = PageProcessor.failure(e, 1, "http://x.example/page");
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("unknown-host", r.reasonLabel());
    assertEquals("unknown host x.example", r.detail());
  }

  @Test
  void connectTimeoutIsRetried() {
    FetchResult r =
        PageProcessor.failure(new HttpConnectTimeoutException("HTTP connect timed out"), 1);
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("connect-timeout", r.reasonLabel());
  }

  @Test
  void requestTimeoutIsRetried() {
    FetchResult r = PageProcessor.failure(new HttpTimeoutException("request timed out"), 1);
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("timeout", r.reasonLabel());
  }

  @Test
  void missedRequestDeadlineIsRetriedAsTimeout() {
    FetchResult r = PageProcessor.failure(new RequestDeadlineException(), 1);
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("timeout", r.reasonLabel());
  }

  @Test
  void tlsHandshakeFailureIsNotRetried() {
    FetchResult r =
        PageProcessor.failure(new SSLHandshakeException("PKIX path building failed"), 1);
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("tls-error", r.reasonLabel());
    assertTrue(r.terminal());
  }

  @Test
  void connectionResetIsRetriedAsIoError() {
    FetchResult r = PageProcessor.failure(new IOException("Connection reset"), 1);
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("io-error", r.reasonLabel());
    assertEquals("Connection reset", r.detail());
  }

  @Test
  void unwrapsCompletionExceptions() {
    Throwable wrapped =
        new CompletionException(new CompletionException(new ConnectException("refused")));
    FetchResult r = PageProcessor.failure(wrapped, 1);
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals("connect-failed", r.reasonLabel());
  }

  @Test
  void invalidRequestUrlFailsAsBadUrl() {
    FetchResult r =
        PageProcessor.failure(
            new BadUrlException(new IllegalArgumentException("unsupported URI")), 1);
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("bad-url", r.reasonLabel());
  }

  @Test
  void aResponseTheClientCannotReadFailsAsBadResponse() {
    FetchResult r =
        PageProcessor.failure(
            new CompletionException(new NumberFormatException("For input string: \"abc\"")), 1);
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("bad-response", r.reasonLabel());
  }

  @Test
  void unexpectedFailureIsTerminalAndNamesTheException() {
    FetchResult r = PageProcessor.failure(new IllegalStateException("boom"), 1);
    assertInstanceOf(FetchResult.Failed.class, r);
    assertEquals("error", r.reasonLabel());
    assertTrue(r.detail().contains("IllegalStateException"), r.detail());
  }

  @Test
  void exceptionWithoutMessageIsDescribedByItsType() {
    FetchResult r = PageProcessor.failure(new IOException(), 1);
    assertEquals("IOException", r.detail());
  }

  @Test
  void anEmptyBodyIsNotDecoded() {
    HttpResult empty =
        new HttpResult(
            200, "text/html", "gzip", null, null, 0, new byte[0], 0, false, BodyMode.KEPT, 3, null);
    FetchResult r = processor.process(URL, 0, empty);
    assertInstanceOf(FetchResult.Fetched.class, r);
    assertEquals(200, r.response().status());
  }

  private static ParsedPage page(FetchResult r) {
    return assertInstanceOf(FetchResult.Fetched.class, r).page();
  }

  private static List<String> follow(FetchResult r) {
    return assertInstanceOf(FetchResult.Fetched.class, r).follow();
  }
}
