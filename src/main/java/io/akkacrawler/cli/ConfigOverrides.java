package io.akkacrawler.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
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
  private final Map<String, String> flagNames = new LinkedHashMap<>();
  private Config sets = ConfigFactory.empty();

  /** A flag's value for a key under {@code crawler}; null values are ignored. */
  ConfigOverrides flag(String key, Object value) {
    return flag(key, value, "the command line");
  }

  /** The value of the flag {@code flagName} for a key under {@code crawler}; null is ignored. */
  ConfigOverrides flag(String key, Object value, String flagName) {
    if (value != null) {
      flags.put("crawler." + key, value instanceof List<?> list ? List.copyOf(list) : value);
      flagNames.put("crawler." + key, flagName);
    }
    return this;
  }

  /**
   * A duration flag's value for a key under {@code crawler}: a bare number is seconds; a value that
   * is not a duration is an error naming {@code flag}. Null values are ignored.
   */
  ConfigOverrides durationFlag(String key, String value, String flag) {
    return value == null ? this : flag(key, Durations.parse(value, flag), flag);
  }

  /**
   * A size flag's value for a key under {@code crawler} ({@link Sizes}): a value that is not a size
   * is an error naming {@code flag}. Null values are ignored.
   */
  ConfigOverrides sizeFlag(String key, String value, String flag) {
    return value == null ? this : flag(key, Sizes.parse(value, flag), flag);
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
    String origin = "--set " + pair;
    try {
      if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
        one =
            ConfigFactory.parseString(
                key + " = " + value, ConfigParseOptions.defaults().setOriginDescription(origin));
      } else {
        if (Durations.isDurationKey(key)) {
          value = Durations.parse(value, origin); // a bare number is seconds here too
        }
        // Kept as a string: the config library converts "5", "true" or "10s" when read, and a
        // URL's "//" is not taken for a comment.
        one = ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value, origin));
      }
    } catch (ConfigException e) {
      throw new SettingsException("--set " + pair + ": " + e.getMessage());
    }
    sets = one.withFallback(sets);
    return this;
  }

  /**
   * Settings that cannot change when a crawl resumes: they decide which URLs exist and what their
   * records hold, so changing them would break "the same records as an uninterrupted crawl".
   */
  static final List<String> FROZEN_ON_RESUME =
      List.of(
          "crawler.scope",
          "crawler.include",
          "crawler.exclude",
          "crawler.max-depth",
          "crawler.max-url-length",
          "crawler.max-path-repeats",
          "crawler.follow-echoes",
          "crawler.parse",
          "crawler.robots.enabled",
          "crawler.robots.agent",
          "crawler.robots.honor-rel-nofollow",
          "crawler.sitemaps.enabled",
          "crawler.warc.dir");

  /** The full config; {@code configFile} may be null. */
  Config build(Path configFile) {
    return build(configFile, null);
  }

  /**
   * The config of a resumed crawl: these flags and {@code --set} pairs (and a {@code -c} file) over
   * the crawl's saved {@code crawler} section, which beats application.conf and system properties.
   * Changing a setting of {@link #FROZEN_ON_RESUME} is an error.
   */
  Config buildOver(String savedCrawlerConfig, Path configFile) {
    Config saved;
    try {
      saved = ConfigFactory.parseString(savedCrawlerConfig);
    } catch (ConfigException e) {
      throw new SettingsException(
          "the saved settings of this crawl are unreadable: " + e.getMessage());
    }
    Config full = build(configFile, saved);
    Config explicit = explicit(configFile);
    for (String path : FROZEN_ON_RESUME) {
      if (explicit.hasPath(path)
          && !(saved.hasPath(path)
              && full.getValue(path).unwrapped().equals(saved.getValue(path).unwrapped()))) {
        throw new SettingsException(
            path
                + " cannot change when resuming (this crawl has "
                + (saved.hasPath(path)
                    ? saved.getValue(path).render(ConfigRenderOptions.concise())
                    : "none")
                + ")");
      }
    }
    return full;
  }

  /** The flags as config values whose origin names the flag (for error messages). */
  private Config flagConfig() {
    Config c = ConfigFactory.empty();
    for (Map.Entry<String, Object> e : flags.entrySet()) {
      c =
          c.withValue(
              e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), flagNames.get(e.getKey())));
    }
    return c;
  }

  /** Only what the command line and the {@code -c} file say (no defaults). */
  Config explicit(Path configFile) {
    return flagConfig()
        .withFallback(sets)
        .withFallback(configFile == null ? ConfigFactory.empty() : parseFile(configFile));
  }

  private static Config parseFile(Path configFile) {
    if (!Files.isRegularFile(configFile)) {
      throw new SettingsException("config file not found: " + configFile);
    }
    try {
      return ConfigFactory.parseFile(
          configFile.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      throw new SettingsException(e.getMessage());
    }
  }

  /** The {@code crawler} section of a config, to be saved with a resumable crawl. */
  static String render(Config config) {
    return config.withOnlyPath("crawler").root().render(ConfigRenderOptions.concise());
  }

  /** With {@code saved} null, a new crawl's config; else a resumed crawl's over its saved one. */
  private Config build(Path configFile, Config saved) {
    Config file = configFile == null ? ConfigFactory.empty() : parseFile(configFile);
    try {
      Config cli = flagConfig().withFallback(sets);
      // A new crawl: system properties, then the -c file. A resumed one: the -c file, then the
      // saved settings (nothing else may quietly change them).
      Config middle =
          saved == null
              ? ConfigFactory.defaultOverrides().withFallback(file)
              : file.withFallback(saved);
      return cli.withFallback(middle).withFallback(ConfigFactory.load()).resolve();
    } catch (ConfigException e) {
      throw new SettingsException(e.getMessage());
    }
  }
}
