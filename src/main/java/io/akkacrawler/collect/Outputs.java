package io.akkacrawler.collect;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.ResultSink;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.util.List;

/**
 * What a crawl writes, as one: the records' sink and, when the crawl keeps them, its WARC files.
 * Flushed together, and for a resumable ({@code durable}) crawl synced to disk together, so that a
 * commit can name how far both go. Used by one actor at a time.
 */
public final class Outputs implements AutoCloseable {
  private final ResultSink sink;
  private final WarcOutput warc;
  private final boolean durable;

  /**
   * @param warc the WARC files, or null for none
   * @param durable sync to disk at each flush (a resumable crawl): the supervisor commits the
   *     flushed records' jobs only after that
   */
  public Outputs(ResultSink sink, WarcOutput warc, boolean durable) {
    this.sink = sink;
    this.warc = warc;
    this.durable = durable;
  }

  public void accept(CrawlRecord record) throws IOException {
    sink.accept(record);
  }

  /** Appends exchanges to the WARC files (nothing without them). */
  public void archive(List<ArchivedExchange> exchanges) throws IOException {
    if (warc != null) {
      for (ArchivedExchange x : exchanges) {
        warc.write(x);
      }
    }
  }

  /** Flushes both; syncs them for a durable crawl. */
  public void flush() throws IOException {
    if (durable) {
      sink.sync();
      if (warc != null) {
        warc.sync();
      }
    } else {
      sink.flush();
      if (warc != null) {
        warc.flush();
      }
    }
  }

  /** The records' position ({@link ResultSink#position()}). */
  public long offset() {
    return sink.position();
  }

  /** How far the WARC files go, or null without them. */
  public WarcPosition warcPosition() {
    return warc == null ? null : warc.position();
  }

  @Override
  public void close() throws IOException {
    try {
      sink.close();
    } finally {
      if (warc != null) {
        warc.close();
      }
    }
  }
}
