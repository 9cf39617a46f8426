package io.akkacrawler.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether and where a crawl keeps WARC files, read once from the {@code crawler.warc} section.
 *
 * @param dir the directory of the files, or null when the crawl writes none
 * @param maxSize a file is closed, and the next one started, before it passes this many bytes
 */
public record WarcSettings(Path dir, long maxSize) {
  /** The path of the section these settings are read from. */
  public static final String PATH = CrawlSettings.ROOT + ".warc";

  /** Files of at most 1 TiB: {@code collect.PayloadIndex} packs offsets in 40 bits. */
  private static final long MAX_SIZE = 1L << 39;

  /** Reads the settings from {@code config} (which must include the reference defaults). */
  public static WarcSettings load(Config config) {
    try {
      String dir = config.getString(PATH + ".dir").strip();
      long maxSize = config.getBytes(PATH + ".max-size");
      if (maxSize < 1024 || maxSize > MAX_SIZE) {
        throw new SettingsException(
            PATH + ".max-size must be between 1KiB and 512GiB (got " + maxSize + " bytes)");
      }
      return new WarcSettings(dir.isEmpty() ? null : Path.of(dir), maxSize);
    } catch (ConfigException e) {
      throw new SettingsException(CrawlSettings.oneLine(e.getMessage()));
    } catch (InvalidPathException e) {
      throw new SettingsException(PATH + ".dir: " + e.getMessage());
    }
  }

  /** Whether the crawl writes WARC files. */
  public boolean enabled() {
    return dir != null;
  }
}
