package io.akkacrawler.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeenSetTest {
  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("in memory", (Supplier<CrawlStore>) CrawlStore::inMemory),
        // Writes wait in a batch there: the rebuild must see them too.
        Arguments.of("on disk", (Supplier<CrawlStore>) CrawlStore::temporary),
        // Moves to disk after about a thousand URLs, as the crawl's frontier asks it to.
        Arguments.of("spilled on the way", (Supplier<CrawlStore>) () -> new MemoryStore(1 << 16)));
  }

  /** A crawl that outgrows the first filter forgets nothing and admits nothing twice. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void forgetsNothingWhenTheFilterGrows(String name, Supplier<CrawlStore> stores) {
    try (CrawlStore store = stores.get()) {
      SeenSet seen = new SeenSet(store, 100);
      for (int i = 0; i < 5_000; i++) {
        assertTrue(seen.add("http://a.test/" + i), "new " + i);
        store.flushIfLarge();
        if (i % 7 == 0) {
          assertFalse(seen.add("http://a.test/" + (i / 2)), "again " + i / 2);
        }
      }
      for (int i = 0; i < 5_000; i++) {
        assertTrue(seen.contains("http://a.test/" + i), "seen " + i);
        assertFalse(seen.add("http://a.test/" + i), "twice " + i);
        assertFalse(seen.contains("http://b.test/" + i), "never added " + i);
      }
      if (name.startsWith("spilled")) {
        assertTrue(((MemoryStore) store).spilled(), "moved to disk on the way");
      }
    }
  }

  /** A small crawl's seen set takes kilobytes; a large one's gets the full-size filter. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void takesMemoryAsTheCrawlGrows(String name, Supplier<CrawlStore> stores) {
    try (CrawlStore store = stores.get()) {
      SeenSet seen = new SeenSet(store);
      for (int i = 0; i < 1_000; i++) {
        seen.add("http://a.test/" + i);
      }
      assertTrue(seen.memoryBytes() < 1 << 20, "small: " + seen.memoryBytes());
      for (int i = 1_000; i <= SeenSet.INITIAL_URLS; i++) {
        seen.add("http://a.test/" + i);
        store.flushIfLarge();
      }
      assertTrue(seen.memoryBytes() > 10 << 20, "full size: " + seen.memoryBytes());
      for (int i = 0; i <= SeenSet.INITIAL_URLS; i += 97) {
        assertFalse(seen.add("http://a.test/" + i), "twice " + i);
      }
    }
  }

  /**
   * The frontier restores the seen set at every start: a new crawl keeps the small filter, a
   * resumed one larger than it gets the full-size filter, and both know every URL of the store.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void restoresWhatTheStoreHolds(String name, Supplier<CrawlStore> stores) {
    try (CrawlStore store = stores.get()) {
      SeenSet fresh = new SeenSet(store);
      fresh.restore();
      assertTrue(fresh.memoryBytes() < 1 << 20, "a new crawl's: " + fresh.memoryBytes());
      for (int i = 0; i <= SeenSet.INITIAL_URLS; i++) {
        fresh.add("http://a.test/" + i);
        store.flushIfLarge();
      }
      SeenSet resumed = new SeenSet(store);
      resumed.restore();
      assertTrue(resumed.memoryBytes() > 10 << 20, "a resumed crawl's: " + resumed.memoryBytes());
      for (int i = 0; i <= SeenSet.INITIAL_URLS; i += 89) {
        assertFalse(resumed.add("http://a.test/" + i), "restored " + i);
      }
      assertTrue(resumed.add("http://b.test/new"));
    }
  }
}
