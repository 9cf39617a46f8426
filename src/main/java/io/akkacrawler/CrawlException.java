package io.akkacrawler;

/** A crawl that could not go on (for example, its output could not be written). */
public final class CrawlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CrawlException(String message) {
    super(message);
  }
}
