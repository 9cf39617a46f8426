package io.akkacrawler.state;

import com.fasterxml.jackson.core.type.TypeReference;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A resumable crawl's directory: a {@code FORMAT} file, a lock held while a crawl runs, and the
 * {@link CrawlStore} with the crawl's settings, seeds, output path, frontier and the output offset
 * of its last commit. Problems a user can fix (a locked, foreign or damaged directory) are {@link
 * SettingsException}s with one-line messages; nothing is overwritten.
 */
public final class StateDirectory implements AutoCloseable {
  /** The layout this version reads and writes. */
  public static final String FORMAT = "akka-crawler-state/1";

  private static final String FORMAT_FILE = "FORMAT";
  private static final String LOCK_FILE = "crawl.lock";
  private static final String STORE_DIR = "store";

  /** Store metadata: how far the crawl's WARC files go at the last commit. */
  public static final String META_WARC = "warc";

  /** The committed length of each output part of a cluster crawl whose nodes write their own. */
  public static final String META_PARTS = "parts";

  private final Path dir;

  /** Holds the directory's lock while the crawl runs (closing it releases the lock). */
  private final FileChannel lockChannel;

  private final CrawlStore store;

  private StateDirectory(Path dir, FileChannel lockChannel, CrawlStore store) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.store = store;
  }

  /**
   * Starts a new resumable crawl in {@code dir}, which must not hold one yet. The {@code FORMAT}
   * file is written last, once the settings are safely stored: a crawl killed while it was starting
   * leaves no state to resume, and {@code create} may start again in the same directory.
   */
  public static StateDirectory create(
      Path dir, String crawlerConfig, List<String> seeds, Path output) {
    if (Files.exists(dir.resolve(FORMAT_FILE))) {
      throw new SettingsException(
          dir
              + " already holds a crawl: resume it with --resume "
              + dir
              + ", or choose another directory");
    }
    try {
      Files.createDirectories(dir);
      try (var entries = Files.list(dir)) {
        if (entries.anyMatch(p -> !isLeftOverByAStart(p))) {
          throw new SettingsException("the state directory " + dir + " is not empty");
        }
      }
    } catch (IOException e) {
      throw new SettingsException(
          "cannot create the state directory " + dir + ": " + SettingsException.why(e));
    }
    FileChannel channel = lock(dir);
    // What a start killed before it had its settings stored left behind (nothing to resume).
    CrawlStore.deleteTree(dir.resolve(STORE_DIR));
    StateDirectory state = openStore(dir, channel);
    try {
      CrawlStore s = state.store;
      s.putMeta("config", crawlerConfig.getBytes(StandardCharsets.UTF_8));
      s.putMeta("seeds", StateJson.MAPPER.writeValueAsBytes(seeds));
      // An output inside the directory is kept relative to it: a copied or moved state resumes
      // into its own records, not into those of the directory it was copied from.
      Path absolute = output.toAbsolutePath().normalize();
      Path home = dir.toAbsolutePath().normalize();
      String kept = (absolute.startsWith(home) ? home.relativize(absolute) : absolute).toString();
      s.putMeta("output", kept.getBytes(StandardCharsets.UTF_8));
      s.commit();
      Path written = dir.resolve(FORMAT_FILE + ".new");
      Files.writeString(written, FORMAT + "\n");
      Files.move(written, dir.resolve(FORMAT_FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      state.close();
      throw new SettingsException(
          "cannot create the state directory " + dir + ": " + SettingsException.why(e));
    }
    return state;
  }

  private static boolean isLeftOverByAStart(Path entry) {
    String name = entry.getFileName().toString();
    return name.equals(LOCK_FILE) || name.equals(STORE_DIR) || name.equals(FORMAT_FILE + ".new");
  }

  /** Opens the crawl in {@code dir} to resume it. */
  public static StateDirectory open(Path dir) {
    Path format = dir.resolve(FORMAT_FILE);
    String found;
    try {
      found = Files.readString(format).trim();
    } catch (NoSuchFileException e) {
      if (Files.exists(dir.resolve(LOCK_FILE))) {
        throw new SettingsException(
            "the crawl in "
                + dir
                + " was stopped while it was starting, before its settings were saved: start"
                + " it again with --state "
                + dir);
      }
      throw new SettingsException(
          Files.isDirectory(dir)
              ? dir + " does not hold a crawl state (no " + FORMAT_FILE + " file)"
              : "no crawl state at " + dir);
    } catch (IOException e) {
      throw new SettingsException("cannot read " + format + ": " + e.getMessage());
    }
    if (!found.equals(FORMAT)) {
      throw new SettingsException(
          "the state in "
              + dir
              + " was written by another version ("
              + found
              + "); this version reads "
              + FORMAT);
    }
    StateDirectory state = openStore(dir, lock(dir));
    if (state.store.meta("config") == null || state.store.meta("output") == null) {
      state.close();
      throw new SettingsException(
          "the crawl state in " + dir + " is corrupted: its settings" + " are missing");
    }
    return state;
  }

  /** Takes the directory's lock (the channel holds it), or fails if a running crawl has it. */
  private static FileChannel lock(Path dir) {
    FileChannel channel;
    FileLock lock;
    try {
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String pid =
            new String(Files.readAllBytes(dir.resolve(LOCK_FILE)), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new SettingsException(
            dir + " is locked by a running crawl" + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return channel;
    } catch (IOException e) {
      throw new SettingsException("cannot lock " + dir + ": " + e.getMessage());
    }
  }

  private static StateDirectory openStore(Path dir, FileChannel channel) {
    try {
      return new StateDirectory(dir, channel, CrawlStore.open(dir.resolve(STORE_DIR)));
    } catch (StoreException e) {
      release(channel);
      String message = e.getMessage().replaceAll("\\s*\\R\\s*", " ");
      if (message.contains("No space left on device")) {
        // Opening replays the store's log into a new file: a full disk, not a broken state.
        throw new SettingsException(
            "cannot open the crawl state in "
                + dir
                + ": no space left on device (the state is kept: free some space, then try"
                + " again)");
      }
      throw new SettingsException(
          "the crawl state in " + dir + " is corrupted or unreadable: " + message);
    }
  }

  public Path directory() {
    return dir;
  }

  public CrawlStore store() {
    return store;
  }

  /** The crawl's settings, as the {@code crawler} config section rendered in HOCON. */
  public String crawlerConfig() {
    return new String(store.meta("config"), StandardCharsets.UTF_8);
  }

  public List<String> seeds() {
    try {
      return StateJson.MAPPER.readValue(store.meta("seeds"), new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new SettingsException("the crawl state in " + dir + " is corrupted: bad seeds");
    }
  }

  /** The crawl's output file (one inside this directory wherever the directory now is). */
  public Path output() {
    return dir.resolve(new String(store.meta("output"), StandardCharsets.UTF_8));
  }

  /** The output length of the last commit: what the output is cut back to when resuming. */
  public long committedOffset() {
    byte[] v = store.meta("offset");
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  /**
   * The crawl's WARC files start at {@code warc} (a first file with its warcinfo record): stored
   * before the crawl starts, so that its resume finds how far they go.
   */
  public void startWarc(WarcPosition warc) {
    store.putMeta(META_WARC, warc.encode());
    store.commit();
  }

  /** How far the WARC files go at the last commit, or null when the crawl keeps none. */
  public WarcPosition committedWarc() {
    byte[] v = store.meta(META_WARC);
    if (v == null) {
      return null;
    }
    try {
      return WarcPosition.decode(v);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("the crawl state in " + dir + " is corrupted: " + e.getMessage());
    }
  }

  /** The committed length of each output part written by a cluster node (empty: none). */
  public Map<String, Long> committedParts() {
    byte[] v = store.meta(META_PARTS);
    if (v == null) {
      return Map.of();
    }
    try {
      return StateJson.MAPPER.readValue(
          v, new TypeReference<java.util.LinkedHashMap<String, Long>>() {});
    } catch (IOException e) {
      throw new SettingsException("the crawl state in " + dir + " is corrupted: bad output parts");
    }
  }

  /** Records in the output up to the last commit (the frontier's count of URLs done). */
  public long committedRecords() {
    byte[] v = store.meta("done");
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  /** Whether the crawl ran to its end. */
  public boolean finished() {
    return store.meta("finished") != null;
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      release(lockChannel);
    }
  }

  private static void release(FileChannel channel) {
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }
}
