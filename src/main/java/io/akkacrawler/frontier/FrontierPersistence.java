package io.akkacrawler.frontier;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.JobCodec;
import io.akkacrawler.state.StateDirectory;
import io.akkacrawler.state.StateJson;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The frontier's side of the {@link CrawlStore}: queued jobs and host snapshots (their times turned
 * into wall-clock time), jobs kept until their records are committed with the output offset, and
 * the restore of all of it when a crawl resumes.
 */
final class FrontierPersistence {
  private static final String META_DONE = "done";
  private static final String META_OFFSET = "offset";

  private final CrawlStore store;
  private final LongSupplier epochMs;

  /** Jobs whose record is written but not yet committed, with their store host id. */
  private final Map<Long, Long> awaitingCommit = new HashMap<>();

  private long done;

  /** Commits of written records made by this run. */
  private long commits;

  /** Over {@code store}; host pauses are saved in wall-clock time read from {@code epochMs}. */
  FrontierPersistence(CrawlStore store, LongSupplier epochMs) {
    this.store = store;
    this.epochMs = epochMs;
  }

  /** Keeps a queued job (with the record it gets without a fetch, if any) under its host. */
  void putJob(long hostId, CrawlJob job, Reason presetReason, boolean presetFailed) {
    store.putJob(hostId, job, presetReason, presetFailed);
  }

  void flushIfLarge() {
    store.flushIfLarge();
  }

  /** Up to {@code max} queued jobs of a host, after job id {@code after}. */
  List<JobCodec.Stored> loadJobs(long hostId, long after, int max) {
    return store.loadJobs(hostId, after, max);
  }

  /** Saves the host's state as of {@code now} (monotonic). */
  void saveHost(HostQueue host, long now) {
    if (!store.durable()) {
      return; // only a resumed crawl reads them back
    }
    try {
      store.putHost(
          host.key, StateJson.MAPPER.writeValueAsBytes(host.snapshot(now, epochMs.getAsLong())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The job's record is written; it leaves the store at the commit that covers it. */
  void awaitCommit(long jobId, long hostId) {
    awaitingCommit.put(jobId, hostId);
  }

  /**
   * The output holds every record of {@code jobIds} up to byte {@code offset} (and the WARC files,
   * if not null, every exchange up to {@code warc}; the nodes' output parts, their records up to
   * the lengths in {@code parts}): those jobs leave the store in the same atomic, synced write that
   * records the offsets.
   */
  void commit(
      long offset,
      List<Long> jobIds,
      WarcPosition warc,
      Map<String, Long> parts,
      LongFunction<HostQueue> hostById,
      long now) {
    Set<HostQueue> hosts = new HashSet<>();
    for (long id : jobIds) {
      Long hostId = awaitingCommit.remove(id);
      if (hostId != null) {
        store.deleteJob(hostId, id);
        done++;
        HostQueue host = hostById.apply(hostId);
        if (host != null) {
          host.committed++;
          hosts.add(host);
        }
      }
    }
    // Each host's count of committed records, in the same atomic write as its deleted jobs: a
    // resumed crawl counts what a host was admitted from them and its stored jobs.
    for (HostQueue host : hosts) {
      saveHost(host, now);
    }
    store.putMeta(META_DONE, longBytes(done));
    store.putMeta(META_OFFSET, longBytes(offset));
    if (warc != null) {
      store.putMeta(StateDirectory.META_WARC, warc.encode());
    }
    if (!parts.isEmpty()) {
      try {
        store.putMeta(StateDirectory.META_PARTS, StateJson.MAPPER.writeValueAsBytes(parts));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    store.commit();
    commits++;
  }

  /** Commits of written records made by this run. */
  long commits() {
    return commits;
  }

  /** Records committed over the whole crawl (across restarts). */
  long done() {
    return done;
  }

  /**
   * Picks up what the store holds at {@code now} (monotonic): its hosts go to {@code hosts} and
   * {@code sites}, its queued jobs are counted per host, and the count of committed records is
   * read. Returns the highest job id stored (0 when none).
   */
  long restore(long now, HostScheduler hosts, RobotsAndSitemaps sites) {
    long epochNow = epochMs.getAsLong();
    store.forEachHost(
        (key, value) -> {
          HostSnapshot s;
          try {
            s = StateJson.MAPPER.readValue(value, HostSnapshot.class);
          } catch (IOException e) {
            throw new UncheckedIOException("corrupted host record of " + key, e);
          }
          HostQueue host = HostQueue.restore(key, s, hosts.nextTurn(), now, epochNow);
          hosts.restored(host);
          sites.hostRestored(host);
        });
    long[] maxJobId = {0};
    store.forEachJobKey(
        (hostId, jobId) -> {
          if (!hosts.countStored(hostId)) {
            throw new IllegalStateException("stored job " + jobId + " of unknown host " + hostId);
          }
          maxJobId[0] = Math.max(maxJobId[0], jobId);
        });
    byte[] d = store.meta(META_DONE);
    done = d == null ? 0 : ByteBuffer.wrap(d).getLong();
    return maxJobId[0];
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }
}
