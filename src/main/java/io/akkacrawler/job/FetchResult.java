package io.akkacrawler.job;

import java.util.List;

/**
 * The answer for one dispatch of a URL, as a plain value (so that it can cross a network later).
 * {@code kind} says what the collector and the frontier do with it; the other fields are filled as
 * far as they are known.
 *
 * @param follow the page's links that the frontier should consider (in scope, within depth, not
 *     nofollow); a subset of {@code page.links()}
 * @param location the normalized redirect target, for {@link Kind#REDIRECT}
 * @param retryAfterMs the server's Retry-After in milliseconds, or -1
 */
public record FetchResult(
    Kind kind,
    int status,
    String contentType,
    long bytes,
    long fetchMs,
    boolean truncated,
    String reason,
    String detail,
    long retryAfterMs,
    String location,
    ParsedPage page,
    List<String> follow) {

  /** What happened, from the crawl's point of view. */
  public enum Kind {
    /** Terminal: a response was received (any status that is not retried). */
    FETCHED,
    /** Terminal: received but deliberately not processed (non-html, too-large, ...). */
    SKIPPED,
    /** Terminal: no usable response. */
    FAILED,
    /** Not terminal: a failure worth another attempt (connect error, timeout, 5xx, 429). */
    RETRY,
    /** Not terminal: the fetcher crashed while handling this URL; dispatch it again (counted). */
    CRASHED,
    /** Not terminal: the fetcher crashed on another URL while this one was in flight. */
    RESTARTED,
    /** Not terminal: the server redirected to {@code location}. */
    REDIRECT
  }

  public FetchResult {
    follow = follow == null ? List.of() : List.copyOf(follow);
  }

  /** True when a record is written for this result. */
  public boolean terminal() {
    return kind == Kind.FETCHED || kind == Kind.SKIPPED || kind == Kind.FAILED;
  }

  public static FetchResult failed(String reason, String detail, int status, long fetchMs) {
    return new FetchResult(
        Kind.FAILED, status, null, 0, fetchMs, false, reason, detail, -1, null, null, null);
  }

  public static FetchResult skipped(String reason, int status) {
    return new FetchResult(
        Kind.SKIPPED, status, null, 0, 0, false, reason, null, -1, null, null, null);
  }

  public static FetchResult retry(
      String reason, String detail, int status, long retryAfterMs, long fetchMs) {
    return new FetchResult(
        Kind.RETRY,
        status,
        null,
        0,
        fetchMs,
        false,
        reason,
        detail,
        retryAfterMs,
        null,
        null,
        null);
  }

  public static FetchResult crashed(String detail) {
    return new FetchResult(
        Kind.CRASHED, 0, null, 0, 0, false, "fetcher-crashed", detail, -1, null, null, null);
  }

  public static FetchResult restarted() {
    return new FetchResult(
        Kind.RESTARTED, 0, null, 0, 0, false, "fetcher-restarted", null, -1, null, null, null);
  }

  /** The terminal failure that a retryable result turns into once its attempts are used up. */
  public FetchResult asFinalFailure() {
    return new FetchResult(
        Kind.FAILED,
        status,
        contentType,
        bytes,
        fetchMs,
        truncated,
        reason,
        detail,
        -1,
        null,
        null,
        null);
  }
}
