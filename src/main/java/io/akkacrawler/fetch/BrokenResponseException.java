package io.akkacrawler.fetch;

import java.io.IOException;

/**
 * A response whose status and headers came but whose body could not be read (a broken chunked
 * encoding, a connection closed or reset mid-body): the host answered, so this is not a failure to
 * reach it, and its circuit breaker does not count it.
 */
final class BrokenResponseException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  BrokenResponseException(int status, Throwable cause) {
    super(
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
    this.status = status;
  }

  /** The status the response came with. */
  int status() {
    return status;
  }
}
