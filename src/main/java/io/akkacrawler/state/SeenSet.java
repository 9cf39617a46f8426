package io.akkacrawler.state;

/**
 * The crawl's seen set: fingerprints of every URL admitted or claimed, kept in the store, with a
 * fixed-size filter and cache in memory in front of it so that most checks never reach the disk.
 */
public final class SeenSet {
  /** URLs the filter is sized for; beyond, it answers "maybe" more often (still correctly). */
  private static final long EXPECTED_URLS = 10_000_000;

  private static final int RECENT_SLOTS = 1 << 20;

  private final CrawlStore store;
  private final SeenFilter filter = new SeenFilter(EXPECTED_URLS, RECENT_SLOTS);

  public SeenSet(CrawlStore store) {
    this.store = store;
  }

  public boolean contains(String url) {
    return contains(Fingerprint.of(url));
  }

  /** Adds the URL; false when it was there already. */
  public boolean add(String url) {
    long fp = Fingerprint.of(url);
    if (contains(fp)) {
      return false;
    }
    filter.add(fp);
    store.putSeen(fp);
    return true;
  }

  /** Loads the filter from the store (when a crawl resumes). */
  public void restore() {
    store.forEachSeen(filter::add);
  }

  /** Heap the in-memory part takes. */
  public long memoryBytes() {
    return filter.memoryBytes();
  }

  private boolean contains(long fp) {
    if (filter.recentlySeen(fp)) {
      return true;
    }
    if (!filter.mightContain(fp)) {
      return false;
    }
    boolean stored = store.seenInStore(fp);
    if (stored) {
      filter.remember(fp);
    }
    return stored;
  }
}
