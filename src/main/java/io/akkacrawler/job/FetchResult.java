package io.akkacrawler.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The answer for one dispatch of a URL, as a plain value (so that it can cross a network). Its type
 * says what the collector and the frontier do with it: {@link Fetched}, {@link Skipped} and {@link
 * Failed} end the URL with a record; {@link Retry}, {@link Redirect}, {@link Crashed} and {@link
 * Restarted} send it back to the frontier.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FetchResult.Fetched.class, name = "fetched"),
  @JsonSubTypes.Type(value = FetchResult.Skipped.class, name = "skipped"),
  @JsonSubTypes.Type(value = FetchResult.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = FetchResult.Retry.class, name = "retry"),
  @JsonSubTypes.Type(value = FetchResult.Redirect.class, name = "redirect"),
  @JsonSubTypes.Type(value = FetchResult.Crashed.class, name = "crashed"),
  @JsonSubTypes.Type(value = FetchResult.Restarted.class, name = "restarted")
})
public sealed interface FetchResult {

  /**
   * What came back from the server, as far as anything did ({@link #NONE} when no response came).
   *
   * @param bytes body bytes received, as sent on the wire
   * @param truncated the body was cut off at the size caps
   */
  record Response(int status, String contentType, long bytes, long fetchMs, boolean truncated) {
    /** No response. */
    public static final Response NONE = new Response(0, null, 0, 0, false);

    /** A response known by its status alone (or none, with status 0). */
    public static Response of(int status, long fetchMs) {
      return new Response(status, null, 0, fetchMs, false);
    }
  }

  /**
   * Terminal: a response was received (any status that is not retried).
   *
   * @param page the parsed page, or null when the body was not HTML or not read (4xx, HEAD-like)
   * @param follow the page's links that the frontier should consider (in scope, within depth, not
   *     nofollow); a subset of {@code page.links()}
   */
  record Fetched(Response response, ParsedPage page, List<String> follow) implements FetchResult {
    public Fetched {
      follow = follow == null ? List.of() : List.copyOf(follow);
    }
  }

  /** Terminal: received, or decided without a request, but deliberately not processed. */
  record Skipped(Reason reason, String detail, Response response) implements FetchResult {
    public Skipped(Reason reason, int status) {
      this(reason, null, Response.of(status, 0));
    }
  }

  /** Terminal: no usable response. */
  record Failed(Reason reason, String detail, Response response) implements FetchResult {
    public Failed(Reason reason, String detail, int status, long fetchMs) {
      this(reason, detail, Response.of(status, fetchMs));
    }
  }

  /**
   * Not terminal: a failure worth another attempt (connect error, timeout, 5xx, 429).
   *
   * @param retryAfterMs the server's Retry-After in milliseconds, or -1
   */
  record Retry(Reason reason, String detail, Response response, long retryAfterMs)
      implements FetchResult {
    public Retry(Reason reason, String detail, int status, long retryAfterMs, long fetchMs) {
      this(reason, detail, Response.of(status, fetchMs), retryAfterMs);
    }

    /** The terminal failure this turns into once its attempts are used up. */
    public Failed asFinalFailure() {
      return new Failed(reason, detail, response);
    }
  }

  /** Not terminal: the server redirected to {@code location} (normalized). */
  record Redirect(Response response, String location) implements FetchResult {}

  /** Not terminal: the fetcher crashed while handling this URL; dispatch it again (counted). */
  record Crashed(String detail) implements FetchResult {
    @Override
    public Reason reason() {
      return Reason.FETCHER_CRASHED;
    }
  }

  /** Not terminal: the fetcher crashed on another URL while this one was in flight. */
  record Restarted() implements FetchResult {
    @Override
    public Reason reason() {
      return Reason.FETCHER_RESTARTED;
    }
  }

  /** What the server sent, or {@link Response#NONE}. */
  default Response response() {
    return Response.NONE;
  }

  /** Why the URL was not fetched (null when it was, or is still on its way). */
  default Reason reason() {
    return null;
  }

  /** Details of a failure, for the record's {@code error}. */
  default String detail() {
    return null;
  }

  /** The reason as the record names it ({@code http-503}), or null. */
  default String reasonLabel() {
    Reason r = reason();
    return r == null ? null : r.label(response().status());
  }

  /** True when a record is written for this result. */
  default boolean terminal() {
    return this instanceof Fetched || this instanceof Skipped || this instanceof Failed;
  }
}
