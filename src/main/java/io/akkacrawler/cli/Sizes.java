package io.akkacrawler.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.akkacrawler.config.SettingsException;
import java.util.regex.Pattern;

/**
 * Sizes typed on the command line, in HOCON's units ({@code 512KiB}, {@code 100MB}, {@code 2GiB}, a
 * bare number of bytes), and {@code KB} too: HOCON spells a thousand bytes {@code kB}, and knows
 * {@code MB} and {@code GB}, so {@code 500KB} was refused where {@code 100MB} was taken.
 */
final class Sizes {
  private static final Pattern KB = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*KB");

  /** The accepted forms, for error messages. */
  static final String FORMS = "bytes (65536) or a number with a unit (500KB, 512KiB, 100MB, 2GiB)";

  private Sizes() {}

  /**
   * The HOCON size for what the user typed after {@code flag}.
   *
   * @throws SettingsException naming the flag when the value is not a size
   */
  static String parse(String value, String flag) {
    String v = value.strip();
    var kb = KB.matcher(v);
    if (kb.matches()) {
      v = kb.group(1) + "kB";
    }
    try {
      long bytes =
          ConfigFactory.empty().withValue("s", ConfigValueFactory.fromAnyRef(v)).getBytes("s");
      if (bytes < 0) {
        throw new SettingsException(flag + ": a size cannot be negative (got '" + value + "')");
      }
    } catch (ConfigException e) {
      throw new SettingsException(flag + ": '" + value + "' is not a size; give " + FORMS);
    }
    return v;
  }
}
