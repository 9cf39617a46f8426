package io.akkacrawler.collect;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.ResultSink;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a crawl writes, as one: the records' sink and, when the crawl keeps them, its WARC files.
 * Flushed together, and for a resumable ({@code durable}) crawl synced to disk together, so that a
 * commit can name how far both go. Used by one actor at a time.
 */
public final class Outputs implements AutoCloseable {
  private final ResultSink sink;
  private final WarcOutput warc;
  private final boolean durable;
  private final OutputParts parts;

  /**
   * @param warc the WARC files, or null for none
   * @param durable sync to disk at each flush (a resumable crawl): the supervisor commits the
   *     flushed records' jobs only after that
   */
  public Outputs(ResultSink sink, WarcOutput warc, boolean durable) {
    this(sink, warc, durable, null);
  }

  /**
   * @param parts the parts cluster nodes write (their records are not in {@code sink}), or null
   */
  public Outputs(ResultSink sink, WarcOutput warc, boolean durable, OutputParts parts) {
    this.sink = sink;
    this.warc = warc;
    this.durable = durable;
    this.parts = parts;
  }

  /** The nodes' output parts, or null when the sink holds every record. */
  OutputParts parts() {
    return parts;
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

  /** Whether a node's output part grew since the last {@link #commitParts()}. */
  public boolean partsChanged() {
    return parts != null && parts.changed();
  }

  /**
   * The length of each node's output part, to be committed now; the manifest says so from now on (a
   * crawl killed before its commit rewrites it from the commit when resumed). Empty without parts.
   */
  public Map<String, Long> commitParts() throws IOException {
    if (parts == null) {
      return Map.of();
    }
    Map<String, Long> lengths = parts.committing();
    parts.writeManifest();
    return lengths;
  }

  @Override
  public void close() throws IOException {
    close(false);
  }

  /**
   * Closes the outputs; a {@code finished} crawl (every job done) also cuts the nodes' parts it can
   * see back to their committed length: what they hold beyond it was done again elsewhere.
   */
  public void close(boolean finished) throws IOException {
    try {
      sink.close();
    } finally {
      if (warc != null) {
        warc.close();
      }
      if (parts != null && finished) {
        parts.truncateVisible();
      }
    }
  }
}
