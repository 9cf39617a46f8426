package io.akkacrawler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryStoreTest {
  private static CrawlJob job(long id, String url) {
    return CrawlJob.of(id, url, 1, "http://a.test/");
  }

  /** The same reads before and after the store moved to disk (spilled = true). */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void answersLikeTheStoreOnDisk(boolean spilled) {
    try (MemoryStore store = new MemoryStore(spilled ? 1 : Long.MAX_VALUE)) {
      store.putSeen(42);
      store.putJob(7, job(1, "http://a.test/1"), null, false);
      store.putJob(
          7, job(2, "http://a.test/2").redirectedTo("http://b.test/2"), Reason.ROBOTS, false);
      store.putJob(8, job(3, "http://b.test/3"), null, false);
      store.putJob(8, job(4, "http://b.test/4"), null, false);
      store.deleteJob(8, 4);
      store.putHost("http://a.test:80", "{}".getBytes(StandardCharsets.UTF_8));
      store.putMeta("offset", new byte[] {9});
      store.flushIfLarge();
      assertEquals(spilled, store.spilled());
      assertEquals(spilled, store.directory() != null && Files.isDirectory(store.directory()));
      assertFalse(store.durable());

      assertTrue(store.seenInStore(42));
      assertFalse(store.seenInStore(43));
      List<JobCodec.Stored> jobs = store.loadJobs(7, 0, 10);
      assertEquals(2, jobs.size(), "only host 7's jobs, in id order");
      assertEquals("http://a.test/1", jobs.get(0).job().url());
      assertEquals("http://b.test/2", jobs.get(1).job().fetchUrl());
      assertEquals(Reason.ROBOTS, jobs.get(1).presetReason());
      assertEquals(1, store.loadJobs(7, 1, 10).size(), "after a cursor");
      assertEquals(1, store.loadJobs(7, 0, 1).size(), "at most max");
      List<Long> keys = new ArrayList<>();
      store.forEachJobKey((host, id) -> keys.add(host * 100 + id));
      assertEquals(List.of(701L, 702L, 803L), keys);
      assertEquals(9, store.meta("offset")[0]);
      assertNull(store.meta("missing"));
      List<Long> seen = new ArrayList<>();
      store.forEachSeen(seen::add);
      assertEquals(List.of(42L), seen);
      List<String> hosts = new ArrayList<>();
      store.forEachHost((host, value) -> hosts.add(host));
      assertEquals(List.of("http://a.test:80"), hosts);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void keepsWritingAfterSpillingAndDeletesItsDirectoryWhenClosed(boolean spilled) {
    Consumer<MemoryStore> fill =
        store -> {
          for (int i = 1; i <= 100; i++) {
            store.putSeen(i);
            store.putJob(1, job(i, "http://a.test/" + i), null, false);
            store.flushIfLarge();
          }
        };
    MemoryStore store = new MemoryStore(spilled ? 10_000 : Long.MAX_VALUE);
    fill.accept(store);
    assertEquals(spilled, store.spilled(), "100 jobs take more than 10,000 bytes");
    assertEquals(100, store.loadJobs(1, 0, 1000).size());
    assertTrue(store.seenInStore(100));
    Path where = store.directory();
    store.close();
    if (spilled) {
      assertFalse(Files.exists(where));
    }
  }
}
