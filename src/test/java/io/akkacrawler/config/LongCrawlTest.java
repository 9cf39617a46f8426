package io.akkacrawler.config;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongCrawlTest {
  @Test
  void aLongCrawlOnC1AloneIsToldOfLongAndNoOtherIs() {
    assertNull(LongCrawl.hint(LongCrawl.PAGES - 1, true), "short");
    assertNull(LongCrawl.hint(100_000, false), "already on C2");
    String hint = LongCrawl.hint(LongCrawl.PAGES, true);
    assertTrue(hint != null && hint.contains("--long"), hint);
    assertNull(LongCrawl.hint(LongCrawl.PAGES - 1), "short, whatever this JVM runs");
  }
}
