package io.akkacrawler.state;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The frontier's store: the seen set as 64-bit fingerprints, the queued jobs keyed by host and
 * admission order, per-host state and the crawl's metadata. On disk (RocksDB) for a resumable
 * crawl; otherwise in memory until it grows large, then in a temporary store on disk. Writes are
 * batched: {@link #commit} makes them durable. Single-threaded: owned by the crawl supervisor.
 */
public abstract class CrawlStore implements AutoCloseable {
  static final String TEMP_PREFIX = "akka-crawler-frontier-";

  CrawlStore() {}

  /** Opens (or creates) the durable store in {@code dir}. */
  public static CrawlStore open(Path dir) {
    return RocksStore.openAt(dir);
  }

  /** A store on disk in a new temporary directory that {@link #close()} deletes. */
  public static CrawlStore temporary() {
    return RocksStore.createTemporary();
  }

  /**
   * A store for a crawl that is not kept: in memory (a short crawl never loads RocksDB) until it
   * holds about {@link MemoryStore#SPILL_BYTES}, then moved to a {@link #temporary()} store.
   */
  public static CrawlStore inMemory() {
    // Temporary stores that crawls killed with kill -9 left behind go now, spilled or not.
    removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
    return new MemoryStore(MemoryStore.SPILL_BYTES);
  }

  /** Where the store is on disk; null while it is in memory. */
  public abstract Path directory();

  public abstract boolean durable();

  // ---- writes (batched) ----

  public abstract void putSeen(long fingerprint);

  public abstract void putJob(long hostId, CrawlJob job, Reason presetReason, boolean presetFailed);

  public abstract void deleteJob(long hostId, long jobId);

  public abstract void putHost(String hostKey, byte[] value);

  public abstract void putMeta(String key, byte[] value);

  /** Writes the pending batch (atomically, without waiting for the disk). */
  public abstract void flush();

  /** Writes the pending batch atomically and, for a durable store, syncs it to disk. */
  public abstract void commit();

  /**
   * Writes the batch if it has grown large. Called between whole operations only (a URL's seen mark
   * and its job, say), so that a crash never keeps one without the other.
   */
  public abstract void flushIfLarge();

  // ---- reads (they see everything written so far: the batch is written first) ----

  public abstract boolean seenInStore(long fingerprint);

  public abstract byte[] meta(String key);

  /** Up to {@code max} jobs of a host with an id above {@code afterJobId}, in id order. */
  public abstract List<JobCodec.Stored> loadJobs(long hostId, long afterJobId, int max);

  /** Every stored job's (host id, job id), in key order. */
  public abstract void forEachJobKey(BiConsumer<Long, Long> consumer);

  public abstract void forEachSeen(LongConsumer consumer);

  public abstract void forEachHost(BiConsumer<String, byte[]> consumer);

  /** Bytes the store takes on disk. */
  public abstract long diskBytes();

  @Override
  public abstract void close();

  /**
   * Deletes the temporary stores that crawls killed before they could clean up left in {@code tmp}:
   * those whose RocksDB lock no process holds. This process's own are left alone (a lock held by
   * RocksDB in this process would not stop us), and so are just-created ones without a lock yet.
   */
  static void removeAbandoned(Path tmp) {
    String own = TEMP_PREFIX + ProcessHandle.current().pid() + "-";
    long young = System.currentTimeMillis() - 60_000;
    try (Stream<Path> dirs = Files.list(tmp)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(TEMP_PREFIX) || name.startsWith(own) || !Files.isDirectory(dir)) {
          continue;
        }
        Path lock = dir.resolve("LOCK");
        if (Files.exists(lock)
            ? unlocked(lock)
            : Files.getLastModifiedTime(dir).toMillis() < young) {
          deleteTree(dir);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: leftovers only cost disk space.
    }
  }

  private static boolean unlocked(Path lock) {
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        return false;
      }
      held.release();
      return true;
    } catch (IOException | OverlappingFileLockException e) {
      return false;
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists (best effort). */
  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: it is a temporary directory.
    }
  }
}
