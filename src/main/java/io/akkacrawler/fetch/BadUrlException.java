package io.akkacrawler.fetch;

/** The HTTP client would not make a request for this URL (as opposed to a bad response). */
public final class BadUrlException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadUrlException(IllegalArgumentException cause) {
    super(cause.getMessage(), cause);
  }
}
