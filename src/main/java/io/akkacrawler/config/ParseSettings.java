package io.akkacrawler.config;

import java.util.List;
import java.util.Locale;

/**
 * What the page parser keeps from a page.
 *
 * @param content the page content each record carries: none, its visible text or its HTML
 * @param maxContent bytes (UTF-8) of that content kept at most; 0 means no limit
 * @param maxTagsPerPage start tags of a page parsed at most (the rest of the page is left out, as
 *     past max-body); 0 means no limit
 */
public record ParseSettings(
    int maxLinksPerPage,
    List<ExtractionRule> extract,
    Content content,
    long maxContent,
    int maxTagsPerPage) {

  /** Which content of a page goes into its record ({@code --content}). */
  public enum Content {
    /** None (the default). */
    NONE,
    /** The visible text, whitespace collapsed, as {@code text}. */
    TEXT,
    /** The decoded HTML, as {@code html}. */
    HTML;

    /** none, text or html, in any case. */
    public static Content parse(String value) {
      for (Content c : values()) {
        if (c.name().equalsIgnoreCase(value.strip())) {
          return c;
        }
      }
      throw new SettingsException(
          "crawler.parse.content must be none, text or html (got '" + value + "')");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ParseSettings {
    extract = List.copyOf(extract);
    if (maxContent < 0) {
      throw new SettingsException("crawler.parse.max-content must be at least 0");
    }
  }

  /** Without a limit of tags. */
  public ParseSettings(
      int maxLinksPerPage, List<ExtractionRule> extract, Content content, long maxContent) {
    this(maxLinksPerPage, extract, content, maxContent, 0);
  }

  /** Without page content. */
  public ParseSettings(int maxLinksPerPage, List<ExtractionRule> extract) {
    this(maxLinksPerPage, extract, Content.NONE, 0);
  }
}
