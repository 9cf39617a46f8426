package io.akkacrawler.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import io.akkacrawler.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the crawl's config with the documented precedence: command-line flags, then {@code --set}
 * pairs, then system properties, then the {@code -c} file, then {@code application.conf} and the
 * reference defaults ({@code ConfigFactory.load()}, last in the chain).
 */
final class ConfigOverrides {
  private final Map<String, Object> flags = new LinkedHashMap<>();
  private Config sets = ConfigFactory.empty();

  /** A flag's value for a key under {@code crawler}; null values are ignored. */
  ConfigOverrides flag(String key, Object value) {
    if (value != null) {
      flags.put("crawler." + key, value instanceof List<?> list ? List.copyOf(list) : value);
    }
    return this;
  }

  /** A {@code --set KEY=VALUE} pair; a key without a root gets {@code crawler.} in front. */
  ConfigOverrides set(String pair) {
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new SettingsException("--set takes KEY=VALUE (got '" + pair + "')");
    }
    String key = pair.substring(0, eq).trim();
    String value = pair.substring(eq + 1).trim();
    if (!key.startsWith("crawler.") && !key.startsWith("akka.")) {
      key = "crawler." + key;
    }
    Config one;
    try {
      if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
        one = ConfigFactory.parseString(key + " = " + value);
      } else {
        // Kept as a string: the config library converts "5", "true" or "10s" when read, and a
        // URL's "//" is not taken for a comment.
        one = ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
      }
    } catch (ConfigException e) {
      throw new SettingsException("--set " + pair + ": " + e.getMessage());
    }
    sets = one.withFallback(sets);
    return this;
  }

  /** The full config; {@code configFile} may be null. */
  Config build(Path configFile) {
    Config file = ConfigFactory.empty();
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new SettingsException("config file not found: " + configFile);
      }
      try {
        file = ConfigFactory.parseFile(configFile.toFile(),
            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
      } catch (ConfigException e) {
        throw new SettingsException(e.getMessage());
      }
    }
    try {
      return ConfigFactory.parseMap(flags)
          .withFallback(sets)
          .withFallback(ConfigFactory.defaultOverrides())
          .withFallback(file)
          .withFallback(ConfigFactory.load())
          .resolve();
    } catch (ConfigException e) {
      throw new SettingsException(e.getMessage());
    }
  }
}
