package io.akkacrawler.state;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store on disk (RocksDB): the seen set as 64-bit fingerprints, the queued jobs keyed by host
 * and admission order, per-host state and the crawl's metadata. Writes go into one batch that is
 * written as a whole (atomically, through RocksDB's write-ahead log); {@link #commit} also syncs it
 * to disk. Single-threaded: owned by the crawl supervisor.
 */
final class RocksStore extends CrawlStore {
  private static final byte[] EMPTY = new byte[0];
  private static final int BATCH_LIMIT = 20_000;

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final boolean temporary;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle seen;
  private final ColumnFamilyHandle jobs;
  private final ColumnFamilyHandle hosts;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final ColumnFamilyOptions seenOptions;
  private final LRUCache cache;
  private final BloomFilter bloom;
  private final WriteOptions relaxed;
  private final WriteOptions synced;
  private WriteBatch batch = new WriteBatch();

  /**
   * Seen marks not yet in {@link #batch}: they go in sorted when it is written. A fingerprint is
   * random, so marks put in arrival order each land somewhere else in the memtable's skip list;
   * sorted, each insert starts next to the previous one.
   */
  private long[] pendingSeen = new long[1024];

  private int pendingSeenCount;

  private final byte[] seenKey = new byte[8];

  private RocksStore(Path dir, boolean temporary) throws RocksDBException {
    this.dir = dir;
    this.temporary = temporary;
    this.cache = new LRUCache(32L << 20);
    this.dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxOpenFiles(256)
            .setKeepLogFileNum(2);
    this.cfOptions =
        new ColumnFamilyOptions()
            .setWriteBufferSize(16L << 20)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    this.bloom = new BloomFilter(10);
    this.seenOptions =
        new ColumnFamilyOptions()
            .setWriteBufferSize(16L << 20)
            .setTableFormatConfig(
                new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
    List<ColumnFamilyDescriptor> families =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
            new ColumnFamilyDescriptor("seen".getBytes(StandardCharsets.UTF_8), seenOptions),
            new ColumnFamilyDescriptor("jobs".getBytes(StandardCharsets.UTF_8), cfOptions),
            new ColumnFamilyDescriptor("hosts".getBytes(StandardCharsets.UTF_8), cfOptions));
    this.handles = new ArrayList<>();
    this.db = RocksDB.open(dbOptions, dir.toString(), families, handles);
    this.meta = handles.get(0);
    this.seen = handles.get(1);
    this.jobs = handles.get(2);
    this.hosts = handles.get(3);
    // A temporary store is thrown away after a crash anyway: no write-ahead log for it.
    this.relaxed = new WriteOptions().setDisableWAL(temporary);
    this.synced = temporary ? relaxed : new WriteOptions().setSync(true);
  }

  /** Opens (or creates) the store in {@code dir}. */
  static RocksStore openAt(Path dir) {
    try {
      Files.createDirectories(dir);
      return new RocksStore(dir, false);
    } catch (RocksDBException | IOException e) {
      throw new StoreException("cannot open the crawl state in " + dir + ": " + message(e), e);
    }
  }

  /** A store in a new temporary directory that {@link #close()} deletes. */
  static RocksStore createTemporary() {
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      removeAbandoned(tmp);
      Path dir = Files.createTempDirectory(tmp, TEMP_PREFIX + ProcessHandle.current().pid() + "-");
      return new RocksStore(dir, true);
    } catch (RocksDBException | IOException e) {
      throw new StoreException("cannot create a temporary frontier store: " + message(e), e);
    }
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public boolean durable() {
    return !temporary;
  }

  // ---- writes (batched) ----

  @Override
  public void putSeen(long fingerprint) {
    if (pendingSeenCount == pendingSeen.length) {
      pendingSeen = Arrays.copyOf(pendingSeen, pendingSeen.length * 2);
    }
    // Flipping the sign bit makes a signed sort the key bytes' unsigned order (RocksDB's).
    pendingSeen[pendingSeenCount++] = fingerprint ^ Long.MIN_VALUE;
  }

  @Override
  public void putJob(long hostId, CrawlJob job, Reason presetReason, boolean presetFailed) {
    write(
        () ->
            batch.put(
                jobs,
                JobCodec.key(hostId, job.id()),
                JobCodec.encode(job, presetReason, presetFailed)));
  }

  @Override
  public void deleteJob(long hostId, long jobId) {
    write(() -> batch.delete(jobs, JobCodec.key(hostId, jobId)));
  }

  @Override
  public void putHost(String hostKey, byte[] value) {
    write(() -> batch.put(hosts, hostKey.getBytes(StandardCharsets.UTF_8), value));
  }

  @Override
  public void putMeta(String key, byte[] value) {
    write(() -> batch.put(meta, key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** Writes the pending batch (atomically, without waiting for the disk). */
  @Override
  public void flush() {
    writeBatch(relaxed);
  }

  /** Writes the pending batch atomically and, for a durable store, syncs it to disk. */
  @Override
  public void commit() {
    writeBatch(synced);
  }

  /**
   * Writes the batch if it has grown large. Called between whole operations only (a URL's seen mark
   * and its job, say), so that a crash never keeps one without the other.
   */
  @Override
  public void flushIfLarge() {
    if (batch.count() + pendingSeenCount >= BATCH_LIMIT) {
      flush();
    }
  }

  // ---- reads (they see everything written so far: the batch is written first) ----

  @Override
  public boolean seenInStore(long fingerprint) {
    flush();
    try {
      return db.get(seen, longKey(fingerprint)) != null;
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public byte[] meta(String key) {
    flush();
    try {
      return db.get(meta, key.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /** Up to {@code max} jobs of a host with an id above {@code afterJobId}, in id order. */
  @Override
  public List<JobCodec.Stored> loadJobs(long hostId, long afterJobId, int max) {
    flush();
    List<JobCodec.Stored> loaded = new ArrayList<>();
    byte[] prefix = JobCodec.hostPrefix(hostId);
    try (ReadOptions options = new ReadOptions().setPrefixSameAsStart(false);
        RocksIterator it = db.newIterator(jobs, options)) {
      for (it.seek(JobCodec.key(hostId, afterJobId + 1));
          it.isValid() && loaded.size() < max;
          it.next()) {
        byte[] key = it.key();
        if (!startsWith(key, prefix)) {
          break;
        }
        loaded.add(JobCodec.decode(it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
    return loaded;
  }

  /** Every stored job's (host id, job id), in key order. */
  @Override
  public void forEachJobKey(BiConsumer<Long, Long> consumer) {
    flush();
    try (RocksIterator it = db.newIterator(jobs)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        consumer.accept(JobCodec.hostIdOf(key), JobCodec.jobIdOf(key));
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public void forEachSeen(LongConsumer consumer) {
    flush();
    try (RocksIterator it = db.newIterator(seen)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        consumer.accept(ByteBuffer.wrap(it.key()).getLong());
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public void forEachHost(BiConsumer<String, byte[]> consumer) {
    flush();
    try (RocksIterator it = db.newIterator(hosts)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        consumer.accept(new String(it.key(), StandardCharsets.UTF_8), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /** Bytes the store takes on disk. */
  @Override
  public long diskBytes() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  /** A write or read failed (a full disk): the state stays as of its last commit. */
  private boolean failed;

  @Override
  public void close() {
    try {
      if (!temporary && !failed) {
        commit();
      }
    } finally {
      batch.close();
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      relaxed.close();
      if (synced != relaxed) {
        synced.close();
      }
      dbOptions.close();
      cfOptions.close();
      seenOptions.close();
      bloom.close();
      cache.close();
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  // ---- internals ----

  private interface BatchOp {
    void apply() throws RocksDBException;
  }

  private void write(BatchOp op) {
    try {
      op.apply();
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  private void writeBatch(WriteOptions options) {
    if (batch.count() == 0 && pendingSeenCount == 0 && options == relaxed) {
      return;
    }
    try {
      if (pendingSeenCount > 0) {
        Arrays.sort(pendingSeen, 0, pendingSeenCount);
        for (int i = 0; i < pendingSeenCount; i++) {
          // The batch copies the key: one buffer serves every mark.
          ByteBuffer.wrap(seenKey).putLong(0, pendingSeen[i] ^ Long.MIN_VALUE);
          batch.put(seen, seenKey, EMPTY);
        }
        pendingSeenCount = 0;
      }
      db.write(options, batch);
      batch.clear();
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  private StoreException failure(String what, RocksDBException e) {
    failed = true;
    return new StoreException(
        "cannot " + what + " the crawl state in " + dir + ": " + message(e), e);
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  private static byte[] longKey(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
