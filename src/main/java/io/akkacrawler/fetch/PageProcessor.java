package io.akkacrawler.fetch;

import io.akkacrawler.fetch.HttpResult.BodyMode;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.ContentTypes;
import io.akkacrawler.parse.PageParser;
import io.akkacrawler.robots.RobotsTag;
import io.akkacrawler.url.Scope;
import io.akkacrawler.url.UrlNormalizer;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Turns what the HTTP client returned for one URL into a {@link FetchResult}: classifies failures
 * and statuses, decodes and parses HTML bodies, and picks the links the frontier should consider.
 * Pure apart from the clock: no I/O, so it is tested without a server.
 */
public final class PageProcessor {
  private final UrlNormalizer normalizer;
  private final PageParser parser;
  private final Scope scope;
  private final int maxDepth;
  private final long maxDecodedBytes;
  private final String robotsAgent;
  private final boolean honorRelNofollow;
  private final boolean followEchoes;

  /**
   * @param robotsAgent the product token that X-Robots-Tag lines may be scoped to
   * @param honorRelNofollow leave links marked rel="nofollow" out of the links to follow
   * @param followEchoes follow the links of a page that echoes one above it ({@link EchoPages})
   */
  public PageProcessor(
      UrlNormalizer normalizer,
      PageParser parser,
      Scope scope,
      int maxDepth,
      long maxDecoded,
      String robotsAgent,
      boolean honorRelNofollow,
      boolean followEchoes) {
    this.normalizer = normalizer;
    this.parser = parser;
    this.scope = scope;
    this.maxDepth = maxDepth;
    this.maxDecodedBytes = maxDecoded;
    this.robotsAgent = robotsAgent;
    this.honorRelNofollow = honorRelNofollow;
    this.followEchoes = followEchoes;
  }

  /** A fetcher's own memory of the pages it processed, to find echoes in. */
  EchoPages echoPages() {
    return new EchoPages(this, !followEchoes);
  }

  /** The result for a response to a GET of {@code url} found at {@code depth}. */
  public FetchResult process(String url, int depth, HttpResult r) {
    int status = r.status();
    if (status >= 300 && status < 400 && r.location() != null) {
      String target = normalizer.resolve(normalizer.base(url), r.location());
      if (target == null) {
        return new FetchResult.Failed(
            Reason.BAD_REDIRECT, "unusable Location: " + r.location(), status, r.elapsedMs());
      }
      return new FetchResult.Redirect(response(r, r.received(), false), target);
    }
    if (status == 429 || (status >= 500 && status != 501 && status != 505 && status < 600)) {
      long retryAfter = RetryAfter.millis(r.retryAfter(), Instant.now());
      // What the server asked for, in the record if the attempts run out.
      String asked =
          r.retryAfter() == null
              ? null
              : "Retry-After: " + r.retryAfter() + (retryAfter < 0 ? " (not understood)" : "");
      return new FetchResult.Retry(Reason.HTTP_STATUS, asked, status, retryAfter, r.elapsedMs());
    }
    if (status < 200 || status > 299 || r.mode() == BodyMode.DISCARDED) {
      return fetched(r, r.received(), r.truncated(), null, List.of());
    }
    if (r.mode() == BodyMode.NOT_HTML) {
      return skipped(Reason.NON_HTML, r);
    }
    if (r.mode() == BodyMode.TOO_LARGE) {
      return skipped(Reason.TOO_LARGE, r);
    }
    ContentDecoder.Decoded decoded;
    try {
      // An empty body has nothing to decode, whatever its Content-Encoding says.
      decoded =
          r.length() == 0
              ? new ContentDecoder.Decoded(r.body(), 0, false)
              : ContentDecoder.decode(
                  r.body(), r.length(), r.contentEncoding(), maxDecodedBytes, r.truncated());
    } catch (UnsupportedEncodingException e) {
      return new FetchResult.Failed(
          Reason.UNSUPPORTED_ENCODING,
          "Content-Encoding: " + r.contentEncoding(),
          status,
          r.elapsedMs());
    } catch (IOException e) {
      return new FetchResult.Failed(Reason.BAD_ENCODING, e.getMessage(), status, r.elapsedMs());
    }
    if (ContentTypes.isUndefined(r.contentType())
        && !ContentTypes.looksLikeHtml(decoded.bytes(), decoded.length())) {
      return skipped(Reason.NON_HTML, r);
    }
    RobotsTag tag = RobotsTag.parse(r.robotsTag(), robotsAgent);
    int parsed = parser.parsedLength(decoded.bytes(), decoded.length());
    ParsedPage page =
        parser
            .parse(decoded.bytes(), parsed, ContentTypes.charset(r.contentType()), url, r.refresh())
            .withDirectives(tag.noindex(), tag.nofollow());
    boolean truncated = decoded.truncated() || parsed < decoded.length();
    return fetched(r, r.length(), truncated, page, follow(page, depth));
  }

  /** The result for a request that ended without a response. */
  public static FetchResult failure(Throwable t, long elapsedMs) {
    return failure(t, elapsedMs, null);
  }

  /** The result for a request to {@code url} (may be null) that ended without a response. */
  public static FetchResult failure(Throwable t, long elapsedMs, String url) {
    Throwable e = HttpFetcher.unwrap(t);
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof BrokenResponseException broken) {
      // The host answered: its status goes with the failure, which its breaker does not count.
      return new FetchResult.Retry(Reason.IO_ERROR, detail, broken.status(), -1, elapsedMs);
    }
    if (e instanceof ProxyException) {
      // Its proxy failed the request: unreachable (tried again), or it refused the tunnel (a 407
      // would refuse it again) - the message names the proxy.
      return e.getCause() != null
          ? new FetchResult.Retry(Reason.CONNECT_FAILED, detail, 0, -1, elapsedMs)
          : new FetchResult.Failed(Reason.CONNECT_FAILED, detail, 0, elapsedMs);
    }
    if (e instanceof ProtocolException) {
      // Not HTTP (an invalid status line, headers beyond the client's limit): the host answered.
      return new FetchResult.Failed(Reason.BAD_RESPONSE, detail, 0, elapsedMs);
    }
    if (e instanceof RequestDeadlineException late) {
      // With a status, the host answered but its body did not come in time.
      return new FetchResult.Retry(Reason.TIMEOUT, detail, late.status(), -1, elapsedMs);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new FetchResult.Retry(Reason.CONNECT_TIMEOUT, detail, 0, -1, elapsedMs);
    }
    if (e instanceof HttpTimeoutException) {
      return new FetchResult.Retry(Reason.TIMEOUT, detail, 0, -1, elapsedMs);
    }
    if (e instanceof ConnectException) {
      if (e.getCause() instanceof UnresolvedAddressException) {
        String host = hostName(url);
        return new FetchResult.Retry(
            Reason.UNKNOWN_HOST,
            host == null ? "unknown host" : "unknown host " + host,
            0,
            -1,
            elapsedMs);
      }
      return new FetchResult.Retry(Reason.CONNECT_FAILED, connectDetail(e), 0, -1, elapsedMs);
    }
    if (e instanceof SSLException) {
      return new FetchResult.Failed(Reason.TLS_ERROR, TlsErrors.describe(e), 0, elapsedMs);
    }
    if (e instanceof IOException) {
      return new FetchResult.Retry(Reason.IO_ERROR, detail, 0, -1, elapsedMs);
    }
    if (e instanceof BadUrlException) {
      return new FetchResult.Failed(Reason.BAD_URL, detail, 0, elapsedMs);
    }
    if (e instanceof IllegalArgumentException) {
      // The HTTP client could not make sense of the response (a Content-Length of "abc"): the
      // server would answer the same again.
      return new FetchResult.Failed(Reason.BAD_RESPONSE, detail, 0, elapsedMs);
    }
    return new FetchResult.Failed(Reason.ERROR, e.toString(), 0, elapsedMs);
  }

  private static String hostName(String url) {
    if (url == null) {
      return null;
    }
    try {
      return java.net.URI.create(url).getHost();
    } catch (IllegalArgumentException unparsable) {
      return null;
    }
  }

  /**
   * "connection refused" rather than the client's bare {@code ConnectException}: the JDK client
   * gives a refused connection no message (its cause is the closed channel); other connect failures
   * (no route to host) say what they are.
   */
  static String connectDetail(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !(c instanceof java.nio.channels.ClosedChannelException)) {
        return m.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "connection refused" : m;
      }
    }
    return "connection refused";
  }

  private List<String> follow(ParsedPage page, int depth) {
    if (page.nofollow() || (maxDepth >= 0 && depth >= maxDepth)) {
      return List.of();
    }
    List<String> follow = new ArrayList<>(page.links().size());
    Set<String> nofollow =
        honorRelNofollow && !page.nofollowLinks().isEmpty()
            ? new HashSet<>(page.nofollowLinks())
            : Set.of();
    for (String link : page.links()) {
      if (scope.allows(link) && !nofollow.contains(link)) {
        follow.add(link);
      }
    }
    return follow;
  }

  private static FetchResult.Response response(HttpResult r, long bytes, boolean truncated) {
    return new FetchResult.Response(r.status(), r.contentType(), bytes, r.elapsedMs(), truncated);
  }

  private static FetchResult fetched(
      HttpResult r, long bytes, boolean truncated, ParsedPage page, List<String> follow) {
    return new FetchResult.Fetched(response(r, bytes, truncated), page, follow);
  }

  private static FetchResult skipped(Reason reason, HttpResult r) {
    // bytes are what was received; the size of a body left unread is in the details.
    String detail =
        r.mode() == BodyMode.TOO_LARGE ? "declared Content-Length: " + r.contentLength() : null;
    return new FetchResult.Skipped(reason, detail, response(r, r.length(), false));
  }
}
