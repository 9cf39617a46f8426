package io.akkacrawler.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.akkacrawler.config.SettingsException;
import java.util.regex.Pattern;

/**
 * Durations typed on the command line. A bare number means seconds, as in wget and Scrapy (HOCON
 * alone would read it as milliseconds, a thousand times less polite than meant); a number with a
 * unit ({@code 250ms}, {@code 2s}, {@code 1m}) means what it says.
 */
final class Durations {
  private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

  /** The accepted forms, for error messages and help. */
  static final String FORMS = "seconds (1, 0.5) or a number with a unit (250ms, 2s, 1m, 1h)";

  private Durations() {}

  /**
   * The HOCON duration for what the user typed after {@code flag}; a bare number gets {@code s}.
   *
   * @throws SettingsException naming the flag when the value is not a duration
   */
  static String parse(String value, String flag) {
    String v = value.strip();
    if (BARE_NUMBER.matcher(v).matches()) {
      v = v + "s";
    }
    try {
      long nanos =
          ConfigFactory.empty()
              .withValue("d", ConfigValueFactory.fromAnyRef(v))
              .getDuration("d")
              .toNanos();
      if (nanos < 0) {
        throw new SettingsException(flag + ": a duration cannot be negative (got '" + value + "')");
      }
    } catch (ConfigException e) {
      throw new SettingsException(flag + ": '" + value + "' is not a duration; give " + FORMS);
    }
    return v;
  }

  /** {@code d} for people: {@code 2h}, {@code 90m}, {@code 90s}, {@code 1.5s}, {@code 250ms}. */
  static String format(java.time.Duration d) {
    long ms = d.toMillis();
    if (ms > 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms > 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    } else if (ms > 1000) {
      return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
    return ms + "ms";
  }

  /** Whether the reference default of {@code path} is a duration such as {@code 1s}. */
  static boolean isDurationKey(String path) {
    var reference = ConfigFactory.defaultReference();
    try {
      if (!reference.hasPath(path)
          || reference.getValue(path).valueType() != ConfigValueType.STRING) {
        return false;
      }
      reference.getDuration(path);
      return true;
    } catch (ConfigException notADuration) {
      return false;
    }
  }
}
