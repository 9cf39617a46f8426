package io.akkacrawler;

import java.io.IOException;

/**
 * Receives the crawl's records, one call per URL, in the order they complete. Called from one actor
 * at a time (never concurrently), so an implementation needs no locking. An exception stops the
 * crawl with that error.
 */
@FunctionalInterface
public interface ResultSink extends AutoCloseable {
  void accept(CrawlRecord record) throws IOException;

  /** Pushes buffered records to their destination; called regularly and at the end. */
  default void flush() throws IOException {}

  /** Makes the flushed records durable (fsync) for a resumable crawl; by default only flushes. */
  default void sync() throws IOException {
    flush();
  }

  /**
   * Bytes of output written and flushed so far, or -1 when the sink has no such position. A
   * resumable crawl cuts its output back to the last committed position when it resumes.
   */
  default long position() {
    return -1;
  }

  /** Called once when the crawl ends. */
  @Override
  default void close() throws IOException {}
}
