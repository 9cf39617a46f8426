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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrawlStoreTest {
  @TempDir Path dir;

  private static CrawlJob job(long id, String url) {
    return CrawlJob.of(id, url, 1, "http://a.test/");
  }

  @Test
  void keepsWhatWasCommittedAcrossCloseAndReopen() {
    try (CrawlStore store = CrawlStore.open(dir)) {
      store.putSeen(42);
      store.putJob(7, job(1, "http://a.test/1"), null, false);
      store.putJob(
          7, job(2, "http://a.test/2").redirectedTo("http://b.test/2"), Reason.ROBOTS, false);
      store.putJob(8, job(3, "http://b.test/3"), null, false);
      store.putHost("http://a.test:80", "{}".getBytes(StandardCharsets.UTF_8));
      store.putMeta("offset", new byte[] {9});
      store.commit();
    }
    try (CrawlStore store = CrawlStore.open(dir)) {
      assertTrue(store.seenInStore(42));
      assertFalse(store.seenInStore(43));
      List<JobCodec.Stored> jobs = store.loadJobs(7, 0, 10);
      assertEquals(2, jobs.size(), "only host 7's jobs, in id order");
      assertEquals("http://a.test/1", jobs.get(0).job().url());
      JobCodec.Stored hop = jobs.get(1);
      assertEquals("http://b.test/2", hop.job().fetchUrl());
      assertEquals(List.of("http://b.test/2"), hop.job().redirects());
      assertEquals(Reason.ROBOTS, hop.presetReason());
      assertEquals(1, store.loadJobs(7, 1, 10).size(), "after a cursor");
      List<Long> keys = new ArrayList<>();
      store.forEachJobKey((host, id) -> keys.add(host * 100 + id));
      assertEquals(List.of(701L, 702L, 803L), keys);
      assertEquals(9, store.meta("offset")[0]);
    }
  }

  @Test
  void keepsEverySeenMarkWhateverItsSignAndTheBatchesItCameIn() {
    // Random fingerprints (negative ones too, and the extremes), more than one batch's worth:
    // the store sorts the marks of a batch before writing them.
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    java.util.Set<Long> marks = new java.util.HashSet<>();
    marks.addAll(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
    while (marks.size() < 50_000) {
      marks.add(random.nextLong());
    }
    try (CrawlStore store = CrawlStore.open(dir)) {
      for (long fp : marks) {
        store.putSeen(fp);
        store.flushIfLarge();
      }
      store.commit();
    }
    try (CrawlStore store = CrawlStore.open(dir)) {
      for (long fp : List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE)) {
        assertTrue(store.seenInStore(fp), fp + " kept");
      }
      List<Long> stored = new ArrayList<>();
      store.forEachSeen(stored::add);
      assertEquals(marks.size(), stored.size(), "each mark once");
      assertEquals(marks, new java.util.HashSet<>(stored));
      assertFalse(store.seenInStore(2L));
    }
  }

  @Test
  void deletesJobsAndReadsItsOwnPendingWrites() {
    try (CrawlStore store = CrawlStore.open(dir)) {
      store.putJob(1, job(1, "http://a.test/1"), null, false);
      store.putSeen(5);
      assertTrue(store.seenInStore(5), "a read sees the batch not yet committed");
      assertEquals(1, store.loadJobs(1, 0, 10).size());
      store.deleteJob(1, 1);
      assertTrue(store.loadJobs(1, 0, 10).isEmpty());
    }
  }

  @Test
  void aCrashMidBatchKeepsExactlyTheLastCommit() throws Exception {
    Path storeDir = dir.resolve("store");
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(),
                storeDir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertEquals(StoreCrashChild.HALTED, child.exitValue(), output);
    try (CrawlStore store = CrawlStore.open(storeDir)) {
      assertTrue(store.seenInStore(1), "committed before the crash");
      assertEquals(1, store.loadJobs(1, 0, 10).size());
      assertFalse(store.seenInStore(2), "the half-written batch is not there");
      assertTrue(store.loadJobs(2, 0, 10).isEmpty());
      assertNull(store.meta("second"));
    }
  }

  @Test
  void aTemporaryStoreIsDeletedWhenClosed() {
    Path where;
    try (CrawlStore store = CrawlStore.temporary()) {
      where = store.directory();
      store.putSeen(1);
      store.flush();
      assertTrue(Files.isDirectory(where));
      assertFalse(store.durable());
    }
    assertFalse(Files.exists(where));
  }

  /** Commits one batch, fills a second without committing it, then dies like a kill -9. */
  public static final class StoreCrashChild {
    static final int HALTED = 42;

    public static void main(String[] args) {
      CrawlStore store = CrawlStore.open(Path.of(args[0]));
      store.putSeen(1);
      store.putJob(1, job(1, "http://a.test/1"), null, false);
      store.commit();
      store.putSeen(2);
      store.putJob(2, job(2, "http://b.test/2"), null, false);
      store.putMeta("second", new byte[] {1});
      Runtime.getRuntime().halt(HALTED); // no close, no shutdown hooks
    }
  }

  @Test
  void aTemporaryStoreIsGoneOnceClosed() {
    CrawlStore store = CrawlStore.temporary();
    Path where = store.directory();
    store.putSeen(1);
    assertTrue(Files.isDirectory(where));
    store.close();
    assertFalse(Files.exists(where));
  }

  @Test
  void temporaryStoresLeftByKilledCrawlsAreRemovedButLiveOnesKept() throws Exception {
    Path abandoned = Files.createDirectories(dir.resolve("akka-crawler-frontier-999999999-1"));
    Files.writeString(abandoned.resolve("LOCK"), "");
    Files.writeString(abandoned.resolve("000001.sst"), "data");
    Path live = Files.createDirectories(dir.resolve("akka-crawler-frontier-999999998-2"));
    Files.writeString(live.resolve("LOCK"), "");
    Path starting = Files.createDirectories(dir.resolve("akka-crawler-frontier-999999997-3"));
    Path own =
        Files.createDirectories(
            dir.resolve("akka-crawler-frontier-" + ProcessHandle.current().pid() + "-4"));
    Files.writeString(own.resolve("LOCK"), "");
    Path other = Files.createDirectories(dir.resolve("not-ours"));
    try (var channel =
            java.nio.channels.FileChannel.open(
                live.resolve("LOCK"), java.nio.file.StandardOpenOption.WRITE);
        var held = channel.lock()) {
      CrawlStore.removeAbandoned(dir);
    }
    assertFalse(Files.exists(abandoned), "no process holds its lock");
    assertTrue(Files.exists(live), "its lock is held");
    assertTrue(Files.exists(starting), "just created, not opened yet");
    assertTrue(Files.exists(own), "this process's own");
    assertTrue(Files.exists(other));
  }
}
