package io.akkacrawler.state;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * The store of a crawl that is not kept: plain collections until they take about {@code spillBytes}
 * of heap, then everything moves to a temporary RocksDB store, which serves the rest of the crawl.
 * A small crawl thus never loads RocksDB (a third of a short crawl's start-up and exit); a large
 * one still keeps its frontier on disk. Nothing here is durable, so writes need no batch.
 */
final class MemoryStore extends CrawlStore {
  /** Heap held before spilling: about 100,000 queued URLs with their fingerprints. */
  static final long SPILL_BYTES = 32L << 20;

  /** Rough heap per entry: a boxed key in a hash or tree map, and a job's fields. */
  private static final int SEEN_BYTES = 64;

  private static final int JOB_BYTES = 160;

  private final long spillBytes;
  private final Set<Long> seen = new HashSet<>();
  private final NavigableMap<Long, NavigableMap<Long, JobCodec.Stored>> jobs = new TreeMap<>();
  private final NavigableMap<String, byte[]> hosts = new TreeMap<>();
  private final Map<String, byte[]> meta = new HashMap<>();
  private long bytes;
  private CrawlStore disk;

  MemoryStore(long spillBytes) {
    this.spillBytes = spillBytes;
  }

  /** True once the store has moved to disk. */
  boolean spilled() {
    return disk != null;
  }

  @Override
  public Path directory() {
    return disk == null ? null : disk.directory();
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public void putSeen(long fingerprint) {
    if (disk != null) {
      disk.putSeen(fingerprint);
    } else if (seen.add(fingerprint)) {
      grew(SEEN_BYTES);
    }
  }

  @Override
  public void putJob(long hostId, CrawlJob job, Reason presetReason, boolean presetFailed) {
    if (disk != null) {
      disk.putJob(hostId, job, presetReason, presetFailed);
      return;
    }
    JobCodec.Stored stored = new JobCodec.Stored(job, presetReason, presetFailed);
    if (jobs.computeIfAbsent(hostId, h -> new TreeMap<>()).put(job.id(), stored) == null) {
      grew(JOB_BYTES + 2L * (job.url().length() + job.fetchUrl().length()));
    }
  }

  @Override
  public void deleteJob(long hostId, long jobId) {
    if (disk != null) {
      disk.deleteJob(hostId, jobId);
      return;
    }
    NavigableMap<Long, JobCodec.Stored> queue = jobs.get(hostId);
    if (queue != null && queue.remove(jobId) != null && queue.isEmpty()) {
      jobs.remove(hostId);
    }
  }

  @Override
  public void putHost(String hostKey, byte[] value) {
    if (disk != null) {
      disk.putHost(hostKey, value);
    } else if (hosts.put(hostKey, value.clone()) == null) {
      grew(JOB_BYTES + 2L * hostKey.length() + value.length);
    }
  }

  @Override
  public void putMeta(String key, byte[] value) {
    if (disk != null) {
      disk.putMeta(key, value);
    } else {
      meta.put(key, value.clone());
    }
  }

  @Override
  public void flush() {
    if (disk != null) {
      disk.flush();
    }
  }

  @Override
  public void commit() {
    if (disk != null) {
      disk.commit();
    }
  }

  @Override
  public void flushIfLarge() {
    if (disk != null) {
      disk.flushIfLarge();
    } else if (bytes >= spillBytes) {
      spill();
    }
  }

  @Override
  public boolean seenInStore(long fingerprint) {
    return disk != null ? disk.seenInStore(fingerprint) : seen.contains(fingerprint);
  }

  @Override
  public byte[] meta(String key) {
    if (disk != null) {
      return disk.meta(key);
    }
    byte[] value = meta.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public List<JobCodec.Stored> loadJobs(long hostId, long afterJobId, int max) {
    if (disk != null) {
      return disk.loadJobs(hostId, afterJobId, max);
    }
    List<JobCodec.Stored> loaded = new ArrayList<>();
    NavigableMap<Long, JobCodec.Stored> queue = jobs.get(hostId);
    if (queue != null) {
      for (JobCodec.Stored job : queue.tailMap(afterJobId, false).values()) {
        if (loaded.size() >= max) {
          break;
        }
        loaded.add(job);
      }
    }
    return loaded;
  }

  @Override
  public void forEachJobKey(BiConsumer<Long, Long> consumer) {
    if (disk != null) {
      disk.forEachJobKey(consumer);
      return;
    }
    jobs.forEach(
        (hostId, queue) -> queue.keySet().forEach(jobId -> consumer.accept(hostId, jobId)));
  }

  @Override
  public void forEachSeen(LongConsumer consumer) {
    if (disk != null) {
      disk.forEachSeen(consumer);
      return;
    }
    seen.forEach(consumer::accept);
  }

  @Override
  public void forEachHost(BiConsumer<String, byte[]> consumer) {
    if (disk != null) {
      disk.forEachHost(consumer);
      return;
    }
    hosts.forEach(consumer);
  }

  @Override
  public long diskBytes() {
    return disk == null ? 0 : disk.diskBytes();
  }

  @Override
  public void close() {
    if (disk != null) {
      disk.close();
    }
    seen.clear();
    jobs.clear();
    hosts.clear();
    meta.clear();
  }

  private void grew(long by) {
    bytes += by;
  }

  /** Moves everything to a temporary store on disk, which takes every call from now on. */
  private void spill() {
    CrawlStore target = CrawlStore.temporary();
    try {
      for (Long fp : seen) {
        target.putSeen(fp);
        target.flushIfLarge();
      }
      for (var queue : jobs.entrySet()) {
        for (JobCodec.Stored s : queue.getValue().values()) {
          target.putJob(queue.getKey(), s.job(), s.presetReason(), s.presetFailed());
          target.flushIfLarge();
        }
      }
      hosts.forEach(target::putHost);
      meta.forEach(target::putMeta);
      target.flush();
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    disk = target;
    seen.clear();
    jobs.clear();
    hosts.clear();
    meta.clear();
    bytes = 0;
  }
}
