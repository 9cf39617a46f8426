package io.akkacrawler.state;

/**
 * The crawl's seen set: fingerprints of every URL admitted or claimed, kept in the store, with a
 * filter and cache in memory in front of it so that most checks never reach the disk. The filter
 * starts small, so that a small crawl does not pay for a large one's (20 MB, a tenth of a short
 * crawl's start-up in garbage collection), and is rebuilt at full size from the store when the
 * crawl outgrows it.
 */
public final class SeenSet {
  /** URLs the full-size filter is sized for; beyond, it answers "maybe" more often (correctly). */
  static final long EXPECTED_URLS = 10_000_000;

  private static final int RECENT_SLOTS = 1 << 20;

  /** URLs the first filter is sized for (about 80 KB, and 512 KB of recent fingerprints). */
  static final long INITIAL_URLS = 1 << 16;

  private static final int INITIAL_RECENT_SLOTS = 1 << 16;

  private final CrawlStore store;
  private SeenFilter filter;
  private long capacity;
  private long added;

  public SeenSet(CrawlStore store) {
    this(store, INITIAL_URLS);
  }

  /** A seen set whose first filter is sized for {@code initialUrls} (tests make it tiny). */
  SeenSet(CrawlStore store, long initialUrls) {
    this.store = store;
    this.capacity = initialUrls;
    this.filter = new SeenFilter(initialUrls, INITIAL_RECENT_SLOTS);
  }

  public boolean contains(String url) {
    return contains(Fingerprint.of(url));
  }

  /** Adds the URL; false when it was there already. */
  public boolean add(String url) {
    // Before this URL's own writes: the rebuild reads the store, which writes what is pending,
    // and every earlier operation is whole by now.
    if (added >= capacity) {
      grow();
    }
    long fp = Fingerprint.of(url);
    if (contains(fp)) {
      return false;
    }
    filter.add(fp);
    store.putSeen(fp);
    added++;
    return true;
  }

  /**
   * Loads the filter from the store (the frontier asks at every start: a new crawl's store is
   * empty, a resumed one's may need the full-size filter).
   */
  public void restore() {
    store.forEachSeen(this::restored);
    if (added > capacity) {
      grow();
    }
  }

  /** Heap the in-memory part takes. */
  public long memoryBytes() {
    return filter.memoryBytes();
  }

  private void restored(long fp) {
    filter.add(fp);
    added++;
  }

  /** The full-size filter, empty. */
  private void full() {
    this.filter = new SeenFilter(EXPECTED_URLS, RECENT_SLOTS);
    this.capacity = Long.MAX_VALUE;
    this.added = 0;
  }

  /** Replaces the first filter by a full-size one holding everything the store has seen. */
  private void grow() {
    full();
    store.forEachSeen(this::restored);
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
