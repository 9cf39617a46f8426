package io.akkacrawler.job;

import java.util.Set;

/** What one answer of a host tells the frontier about the host's health and speed. */
public record Feedback(
    Signal signal, long fetchMs, long retryAfterMs, String reason, String detail) {
  /** Without a detail of the failure. */
  public Feedback(Signal signal, long fetchMs, long retryAfterMs, String reason) {
    this(signal, fetchMs, retryAfterMs, reason, null);
  }

  /** The host's state as one answer shows it. */
  public enum Signal {
    /** Nothing came from the host (the fetcher crashed, or no request was made). */
    NO_ANSWER,
    /** A response (any status that is not a throttle): the host is fine. */
    OK,
    /** 429 or 503: the host asks us to slow down. */
    THROTTLED,
    /** Connection refused, timeout, reset, unknown host: counts toward the circuit breaker. */
    UNREACHABLE,
    /** Another failure (a 5xx, a TLS error): neither. */
    FAILED
  }

  private static final Set<String> UNREACHABLE_REASONS =
      Set.of("connect-failed", "connect-timeout", "timeout", "unknown-host", "io-error");

  /** No answer came from the host (a record decided without a fetch). */
  public static final Feedback NONE = new Feedback(Signal.NO_ANSWER, 0, -1, null);

  private static final Set<String> HARD_REASONS = Set.of("connect-failed", "unknown-host");

  /**
   * Whether a failure reason says the host is not there at all (connection refused, no DNS name),
   * as opposed to slow or flaky: a host that never answered and fails so is given up quickly.
   */
  public static boolean isHardFailure(String reason) {
    return reason != null && HARD_REASONS.contains(reason);
  }

  /** Whether a failure reason means the host could not be reached at all. */
  public static boolean isNetworkFailure(String reason) {
    return reason != null && UNREACHABLE_REASONS.contains(reason);
  }

  public static Feedback of(FetchResult r) {
    Signal signal;
    if (r.kind() == FetchResult.Kind.CRASHED || r.kind() == FetchResult.Kind.RESTARTED) {
      return NONE;
    } else if (r.status() == 429 || r.status() == 503) {
      signal = Signal.THROTTLED;
    } else if (isNetworkFailure(r.reason())) {
      signal = Signal.UNREACHABLE;
    } else if (r.kind() == FetchResult.Kind.FAILED || r.kind() == FetchResult.Kind.RETRY) {
      signal = Signal.FAILED;
    } else {
      signal = Signal.OK;
    }
    return new Feedback(signal, r.fetchMs(), r.retryAfterMs(), r.reason(), r.detail());
  }
}
