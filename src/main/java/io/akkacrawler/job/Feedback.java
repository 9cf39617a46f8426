package io.akkacrawler.job;

/** What one answer of a host tells the frontier about the host's health and speed. */
public record Feedback(
    Signal signal, long fetchMs, long retryAfterMs, Reason reason, String detail) {
  /** Without a detail of the failure. */
  public Feedback(Signal signal, long fetchMs, long retryAfterMs, Reason reason) {
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

  /** No answer came from the host (a record decided without a fetch). */
  public static final Feedback NONE = new Feedback(Signal.NO_ANSWER, 0, -1, null);

  public static Feedback of(FetchResult r) {
    if (r instanceof FetchResult.Crashed || r instanceof FetchResult.Restarted) {
      return NONE;
    }
    int status = r.response().status();
    Signal signal;
    // A failure after a status came (a body cut short) is the host answering, not unreachable.
    if (status == 429 || status == 503) {
      signal = Signal.THROTTLED;
    } else if (r.reason() != null && r.reason().isNetworkFailure() && status == 0) {
      signal = Signal.UNREACHABLE;
    } else if (r instanceof FetchResult.Failed || r instanceof FetchResult.Retry) {
      signal = Signal.FAILED;
    } else {
      signal = Signal.OK;
    }
    long retryAfterMs = r instanceof FetchResult.Retry retry ? retry.retryAfterMs() : -1;
    return new Feedback(signal, r.response().fetchMs(), retryAfterMs, r.reason(), r.detail());
  }
}
