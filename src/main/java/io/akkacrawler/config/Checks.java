package io.akkacrawler.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Range checks on the values of a {@code crawler} section, each failing with one line that names
 * what set the value: the command-line flag when a flag did ({@code --fetchers must be at least
 * 0}), else the setting's key.
 */
final class Checks {
  private Checks() {}

  static int between(Config c, String key, int min, int max) {
    int v = atLeast(c, key, min);
    if (v > max) {
      throw new SettingsException(name(c, key) + " must be at most " + max + " (got " + v + ")");
    }
    return v;
  }

  static int atLeast(Config c, String key, int min) {
    int v = c.getInt(key);
    if (v < min) {
      throw new SettingsException(name(c, key) + " must be at least " + min + " (got " + v + ")");
    }
    return v;
  }

  static Duration notNegative(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative()) {
      throw new SettingsException(name(c, key) + " must not be negative");
    }
    return d;
  }

  static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new SettingsException(name(c, key) + " must be a positive duration");
    }
    return d;
  }

  /** The flag that set {@code key} ("--fetchers"), else its full key ("crawler.fetchers"). */
  static String name(Config c, String key) {
    String origin = c.getValue(key).origin().description();
    if (origin != null && origin.startsWith("--") && !origin.startsWith("--set ")) {
      return origin;
    }
    return "crawler." + key;
  }
}
