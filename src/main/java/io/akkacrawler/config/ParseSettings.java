package io.akkacrawler.config;

import java.util.List;

/** What the page parser keeps from a page. */
public record ParseSettings(int maxLinksPerPage, List<ExtractionRule> extract) {
  public ParseSettings {
    extract = List.copyOf(extract);
  }
}
