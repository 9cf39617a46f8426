package io.akkacrawler.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * Where this process serves its metrics and live dashboard, read once from the {@code
 * crawler.metrics} section of a HOCON config. A node's own setting: a cluster worker reads its own,
 * never the coordinator's.
 *
 * @param port the port, 0 for any free one, -1 for none
 * @param bind the address to listen on
 * @param linger keep serving after the crawl ends, until Ctrl-C
 */
public record MetricsSettings(int port, String bind, boolean linger) {
  /** The path of the section these settings are read from. */
  public static final String PATH = CrawlSettings.ROOT + ".metrics";

  /** Reads the settings from {@code config} (which must include the reference defaults). */
  public static MetricsSettings load(Config config) {
    try {
      int port = config.getInt(PATH + ".port");
      if (port < -1 || port > 65_535) {
        throw new SettingsException(
            "the metrics port must be from 0 to 65535, or -1 for none (got " + port + ")");
      }
      String bind = config.getString(PATH + ".bind").strip();
      if (bind.length() > 2 && bind.startsWith("[") && bind.endsWith("]")) {
        bind = bind.substring(1, bind.length() - 1); // an IPv6 address as URLs write it
      }
      if (bind.isEmpty()) {
        throw new SettingsException(PATH + ".bind must not be empty");
      }
      return new MetricsSettings(port, bind, config.getBoolean(PATH + ".linger"));
    } catch (ConfigException e) {
      throw new SettingsException(CrawlSettings.oneLine(e.getMessage()));
    }
  }

  /** Metrics are served. */
  public boolean enabled() {
    return port >= 0;
  }
}
