package io.akkacrawler.fetch;

import java.io.IOException;

/**
 * The whole-request deadline passed before the body was complete. When the status had come (a body
 * trickled or stalled), the host answered: the failure keeps that status, and the host's circuit
 * breaker does not count it.
 */
public final class RequestDeadlineException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** Before any response came. */
  public RequestDeadlineException() {
    this(0);
  }

  /** With the status of the response whose body did not come in time (0: no response came). */
  public RequestDeadlineException(int status) {
    super("request deadline exceeded");
    this.status = status;
  }

  /** The status of the response, or 0 when none came. */
  public int status() {
    return status;
  }
}
