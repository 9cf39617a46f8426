package io.akkacrawler.url;

import java.util.Locale;

/** Which discovered links a crawl follows, relative to its seeds. */
public enum ScopeMode {
  /** Same host (and scheme-independent port rules) as one of the seeds. */
  HOST,
  /** Same registered domain (public-suffix aware) as one of the seeds. */
  DOMAIN,
  /** The URL starts with the directory of one of the seeds. */
  PREFIX,
  /** Every http(s) URL. */
  ANY;

  /**
   * Parses a config or command-line value such as {@code host}.
   *
   * @throws IllegalArgumentException with a one-line message for anything else
   */
  public static ScopeMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "scope must be one of host, domain, prefix, any (got '" + value + "')");
    }
  }
}
