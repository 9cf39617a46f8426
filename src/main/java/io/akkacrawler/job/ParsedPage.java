package io.akkacrawler.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the crawl keeps from one HTML page. Links and the canonical URL are absolute and normalized;
 * {@code title} (as {@code document.title} gives it) and {@code canonical} are null when the page
 * has none; {@code fields} holds the extraction rules' values by rule name, in rule order; {@code
 * nofollowLinks} are the links whose anchor says {@code rel="nofollow"} (a subset of {@code
 * links}). {@code text} (the visible text) or {@code html} (the decoded HTML) is set when the crawl
 * asks for page content, cut to its cap when {@code contentTruncated}.
 */
public record ParsedPage(
    String title,
    List<String> links,
    String canonical,
    boolean noindex,
    boolean nofollow,
    List<String> buttonIds,
    Map<String, List<String>> fields,
    List<String> nofollowLinks,
    String text,
    String html,
    boolean contentTruncated) {

  public ParsedPage {
    links = List.copyOf(links);
    buttonIds = List.copyOf(buttonIds);
    nofollowLinks = List.copyOf(nofollowLinks);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    fields = Collections.unmodifiableMap(copy);
  }

  /** A page without content. */
  public ParsedPage(
      String title,
      List<String> links,
      String canonical,
      boolean noindex,
      boolean nofollow,
      List<String> buttonIds,
      Map<String, List<String>> fields,
      List<String> nofollowLinks) {
    this(
        title,
        links,
        canonical,
        noindex,
        nofollow,
        buttonIds,
        fields,
        nofollowLinks,
        null,
        null,
        false);
  }

  /**
   * This page with robots directives from elsewhere (an X-Robots-Tag header) added: nofollow drops
   * the links, as the meta tag does.
   */
  public ParsedPage withDirectives(boolean addNoindex, boolean addNofollow) {
    if ((!addNoindex || noindex) && (!addNofollow || nofollow)) {
      return this;
    }
    boolean follow = !(nofollow || addNofollow);
    return new ParsedPage(
        title,
        follow ? links : List.of(),
        canonical,
        noindex || addNoindex,
        !follow,
        buttonIds,
        fields,
        follow ? nofollowLinks : List.of(),
        text,
        html,
        contentTruncated);
  }
}
