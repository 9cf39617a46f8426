package io.akkacrawler.job;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Why a URL was skipped, failed or is being retried: a closed set, so that every part of the crawl
 * (retry policy, circuit breaker, summary, metrics) can decide on it without comparing strings. The
 * record's {@code reason} is its {@link #label(int) label}.
 */
public enum Reason {
  /** Disallowed by robots.txt; never requested. */
  ROBOTS,
  /** The host's robots.txt kept failing with 5xx. */
  ROBOTS_UNAVAILABLE,
  /** The host could not be reached: the circuit breaker gave it up. */
  HOST_UNREACHABLE,
  /** The type is not HTML; the body is not read. */
  NON_HTML,
  /** Declared Content-Length above max-body: not downloaded. */
  TOO_LARGE,
  /** A redirect out of scope (seeds are crawled whatever the patterns say). */
  OUT_OF_SCOPE,
  /** A redirect to a URL the crawl already has. */
  DUPLICATE_REDIRECT_TARGET,
  /** A seed beyond the page limit. */
  MAX_PAGES,
  REDIRECT_LOOP,
  TOO_MANY_REDIRECTS,
  BAD_REDIRECT,
  /** The whole request took longer than the crawl's deadline, or the headers did not come. */
  TIMEOUT,
  CONNECT_TIMEOUT,
  CONNECT_FAILED,
  UNKNOWN_HOST,
  IO_ERROR,
  TLS_ERROR,
  /** The server's response could not be read as HTTP. */
  BAD_RESPONSE,
  /** A retried status (429, 5xx) after the last attempt; labelled {@code http-<status>}. */
  HTTP_STATUS,
  BAD_ENCODING,
  UNSUPPORTED_ENCODING,
  PARSE_ERROR,
  /** A URL that cannot be requested. */
  BAD_URL,
  /** The fetcher crashed on the URL, or never answered. */
  FETCHER_CRASHED,
  /** The fetcher crashed on another URL while this one was in flight. */
  FETCHER_RESTARTED,
  /** In a cluster: the page's result is larger than cluster.max-result-size allows to send. */
  RESULT_TOO_LARGE,
  /** Anything else, with the details in the record's {@code error}. */
  ERROR;

  private static final Map<String, Reason> BY_LABEL = new HashMap<>();

  static {
    for (Reason r : values()) {
      BY_LABEL.put(r.label, r);
    }
  }

  private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The name in the records: {@code connect-failed}, {@code http-503}. */
  public String label(int status) {
    return this == HTTP_STATUS ? "http-" + status : label;
  }

  /** The reason a record's label names ({@code http-503} is {@link #HTTP_STATUS}), or null. */
  public static Reason ofLabel(String label) {
    if (label == null) {
      return null;
    }
    return label.startsWith("http-") ? HTTP_STATUS : BY_LABEL.get(label);
  }

  /** The host could not be reached at all: counts toward its circuit breaker. */
  public boolean isNetworkFailure() {
    return switch (this) {
      case CONNECT_FAILED, CONNECT_TIMEOUT, TIMEOUT, UNKNOWN_HOST, IO_ERROR -> true;
      default -> false;
    };
  }

  /**
   * The host cannot be reached at all (connection refused, no DNS name, a connection that never
   * opened within the connect timeout: a black hole), as opposed to slow or flaky once connected: a
   * host that never answered and fails so is given up quickly.
   */
  public boolean isHardFailure() {
    return this == CONNECT_FAILED || this == UNKNOWN_HOST || this == CONNECT_TIMEOUT;
  }
}
