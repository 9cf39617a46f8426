package io.akkacrawler.fetch;

import java.io.IOException;

/** The whole-request deadline passed before the body was complete. */
public final class RequestDeadlineException extends IOException {
  private static final long serialVersionUID = 1L;

  public RequestDeadlineException() {
    super("request deadline exceeded");
  }
}
