package io.akkacrawler.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How one node takes part in a cluster crawl, read once from the {@code crawler.cluster} section of
 * a HOCON config: its address, the split-brain and (re)join timeouts, and its fetch slots.
 *
 * @param slots jobs this node works on at once; 0 means 4 per fetcher (see {@link #slotsFor})
 * @param maxResultSize the most bytes one page's answer may take to cross to the coordinator
 * @param simulate answer every job with a synthetic page, without fetching (to measure the
 *     coordinator)
 * @param partsDir where this node writes its output part (a crawl with {@code output.parts})
 */
public record ClusterSettings(
    String hostname,
    Duration stableAfter,
    Duration joinTimeout,
    Duration rejoinFor,
    int slots,
    long maxResultSize,
    boolean simulate,
    Path partsDir) {

  /** The path of the section these settings are read from. */
  public static final String PATH = CrawlSettings.ROOT + ".cluster";

  /** Reads the settings from {@code config} (which must include the reference defaults). */
  public static ClusterSettings load(Config config) {
    try {
      // Read by full path, so that HOCON's own errors name the whole key too.
      String hostname = config.getString(PATH + ".hostname").strip();
      if (hostname.isEmpty()) {
        throw new SettingsException(PATH + ".hostname must not be empty");
      }
      return new ClusterSettings(
          hostname,
          positive(config, "stable-after"),
          positive(config, "join-timeout"),
          positive(config, "rejoin-for"),
          atLeast(config, "slots", 0),
          maxResultSize(config),
          config.getBoolean(PATH + ".simulate"),
          Path.of(config.getString(PATH + ".parts-dir").strip()));
    } catch (ConfigException e) {
      throw new SettingsException(CrawlSettings.oneLine(e.getMessage()));
    } catch (InvalidPathException e) {
      throw new SettingsException(PATH + ".parts-dir is not a path: " + e.getMessage());
    }
  }

  /** These settings with the output part written in {@code dir}. */
  public ClusterSettings withPartsDir(Path dir) {
    return new ClusterSettings(
        hostname, stableAfter, joinTimeout, rejoinFor, slots, maxResultSize, simulate, dir);
  }

  /** The node's fetch slots when it runs {@code fetchers} fetchers. */
  public int slotsFor(int fetchers) {
    return slots > 0 ? slots : 4 * fetchers;
  }

  private static long maxResultSize(Config c) {
    long v = c.getBytes(PATH + ".max-result-size");
    if (v < 1024 * 1024) {
      throw new SettingsException(PATH + ".max-result-size must be at least 1MiB (got " + v + ")");
    }
    return v;
  }

  private static int atLeast(Config c, String key, int min) {
    int v = c.getInt(PATH + "." + key);
    if (v < min) {
      throw new SettingsException(
          PATH + "." + key + " must be at least " + min + " (got " + v + ")");
    }
    return v;
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(PATH + "." + key);
    if (d.isNegative() || d.isZero()) {
      throw new SettingsException(PATH + "." + key + " must be a positive duration");
    }
    return d;
  }
}
