package io.akkacrawler;

/**
 * Hears about a crawl while it runs. Called from the crawler's actors (one actor at a time for the
 * crawl's own calls): return quickly, and keep per-record work to a few counter increments.
 */
public interface CrawlListener {
  CrawlListener NONE = new CrawlListener() {};

  /** A progress snapshot, about once a second. */
  default void onProgress(CrawlProgress progress) {}

  /** A record was written (called by the collector for every record, after the sink took it). */
  default void onRecord(CrawlRecord record) {}

  /**
   * A request ended with a failure worth another attempt ({@code reason}: {@code timeout}, {@code
   * http-503}, {@code fetcher-crashed}, ...); the URL's record comes later.
   */
  default void onRetry(String reason, long fetchMs) {}

  /** A request was answered with a redirect; the URL's record comes with its last hop. */
  default void onRedirect(long fetchMs) {}

  /** Cluster mode: this node fetches for the crawl with {@code slots} fetch slots. */
  default void onNodeStarted(String node, int slots) {}

  /** Cluster mode: one of this node's slots took a job ({@code busy}) or handed it back. */
  default void onNodeSlot(boolean busy) {}

  /**
   * Cluster mode: this node's fetchers answered a job. {@code result} is {@code fetched}, {@code
   * skipped}, {@code failed}, {@code retry}, {@code crashed}, {@code restarted}, {@code redirect},
   * {@code robots} or {@code sitemap}; {@code status} 0 when no response came. Called by the node's
   * slots, each an actor of its own: an implementation must be safe for that.
   */
  default void onNodeAnswer(String result, int status, long bytes, long fetchMs) {}

  /** Cluster mode: about once a second, the jobs this node has finished so far. */
  default void onNodeTick(long completed) {}

  /** A listener that tells this one, then {@code next}. */
  default CrawlListener andThen(CrawlListener next) {
    CrawlListener first = this;
    if (next == NONE) {
      return first;
    }
    if (first == NONE) {
      return next;
    }
    return new CrawlListener() {
      @Override
      public void onProgress(CrawlProgress progress) {
        first.onProgress(progress);
        next.onProgress(progress);
      }

      @Override
      public void onRecord(CrawlRecord record) {
        first.onRecord(record);
        next.onRecord(record);
      }

      @Override
      public void onRetry(String reason, long fetchMs) {
        first.onRetry(reason, fetchMs);
        next.onRetry(reason, fetchMs);
      }

      @Override
      public void onRedirect(long fetchMs) {
        first.onRedirect(fetchMs);
        next.onRedirect(fetchMs);
      }

      @Override
      public void onNodeStarted(String node, int slots) {
        first.onNodeStarted(node, slots);
        next.onNodeStarted(node, slots);
      }

      @Override
      public void onNodeSlot(boolean busy) {
        first.onNodeSlot(busy);
        next.onNodeSlot(busy);
      }

      @Override
      public void onNodeAnswer(String result, int status, long bytes, long fetchMs) {
        first.onNodeAnswer(result, status, bytes, fetchMs);
        next.onNodeAnswer(result, status, bytes, fetchMs);
      }

      @Override
      public void onNodeTick(long completed) {
        first.onNodeTick(completed);
        next.onNodeTick(completed);
      }
    };
  }
}
