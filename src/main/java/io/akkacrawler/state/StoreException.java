package io.akkacrawler.state;

/** The crawl's state store failed (disk full, I/O error, corruption); the message says how. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
