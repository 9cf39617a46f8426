package io.akkacrawler.parse;

import io.akkacrawler.config.ExtractionRule;
import io.akkacrawler.config.ParseSettings;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Turns the bytes of an HTML page into a {@link ParsedPage}: title, normalized links, robots meta
 * directives, canonical URL, button ids, the configured extraction rules and, when asked, the
 * page's text or HTML ({@link PageContent}). No I/O; immutable and safe to share between threads
 * (jsoup keeps evaluator memos per thread).
 */
public final class PageParser {
  /** Attributes whose values extraction rules return as absolute URLs. */
  private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src");

  private final int maxLinksPerPage;
  private final UrlNormalizer normalizer;
  private final List<CompiledRule> rules;
  private final ParseSettings.Content content;
  private final long maxContent;
  private final int maxTags;

  private record CompiledRule(ExtractionRule rule, Evaluator evaluator, boolean urlAttribute) {}

  /** Compiles every rule's selector once; throws IllegalArgumentException for an invalid one. */
  public PageParser(ParseSettings settings, UrlNormalizer normalizer) {
    this.maxLinksPerPage = settings.maxLinksPerPage();
    this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    List<CompiledRule> compiled = new ArrayList<>();
    for (ExtractionRule rule : settings.extract()) {
      Evaluator evaluator;
      try {
        evaluator = QueryParser.parse(rule.selector());
      } catch (Selector.SelectorParseException e) {
        throw new IllegalArgumentException(
            "extraction rule '" + rule.name() + "' has an invalid selector: " + e.getMessage(), e);
      }
      boolean urlAttribute =
          rule.attribute() != null
              && URL_ATTRIBUTES.contains(rule.attribute().toLowerCase(Locale.ROOT));
      compiled.add(new CompiledRule(rule, evaluator, urlAttribute));
    }
    this.rules = List.copyOf(compiled);
    this.content = settings.content();
    this.maxContent = settings.maxContent();
    this.maxTags = settings.maxTagsPerPage();
  }

  /**
   * How much of {@code body[0, length)} to parse: all of it, or up to the start tag past the {@code
   * max-tags-per-page} limit. A page's tree costs some 150 bytes of heap per element, so a 10 MiB
   * page of {@code <b>} would need more heap than the whole crawl has. A start tag is a {@code <}
   * before an ASCII letter, in UTF-8 and the other ASCII-compatible encodings, or with a NUL
   * between them (UTF-16).
   */
  public int parsedLength(byte[] body, int length) {
    Objects.checkFromIndexSize(0, length, body.length);
    if (maxTags <= 0 || length / 2 <= maxTags) {
      return length; // a start tag takes at least two bytes
    }
    int tags = 0;
    for (int i = 0; i < length - 1; i++) {
      if (body[i] != '<') {
        continue;
      }
      boolean wide = body[i + 1] == 0 && i + 2 < length;
      int next = wide ? body[i + 2] : body[i + 1];
      if (((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) && ++tags > maxTags) {
        return wide ? i & ~1 : i; // UTF-16 code units start at even offsets
      }
    }
    return length;
  }

  /**
   * Parses {@code body[0, length)} fetched from {@code url}. {@code charset} comes from the
   * Content-Type header and may be null or bogus, in which case the charset comes from {@code <meta
   * charset>} (a byte order mark wins over both; see {@link HtmlCharset}).
   */
  public ParsedPage parse(byte[] body, int length, String charset, String url) {
    return parse(body, length, charset, url, null);
  }

  /**
   * As the other {@code parse}, with the response's {@code Refresh} header (null: none), which
   * browsers follow as they follow a {@code <meta http-equiv=refresh>}: its URL is the page's first
   * link.
   */
  public ParsedPage parse(byte[] body, int length, String charset, String url, String refresh) {
    Objects.checkFromIndexSize(0, length, body.length);
    // One decode of the bytes, then jsoup over the string: jsoup's own sniffing of a body without
    // a header charset parsed its first 5 KB twice, and its stream decoding costs more than this.
    HtmlCharset.Decoded decoded = HtmlCharset.decode(body, length, charset);
    Document doc = Parser.htmlParser().parseInput(decoded.text(), url);
    PageWalk walk = PageWalk.of(doc, refresh, decoded.tentative());
    if (walk.metaCharset != null && !walk.metaCharset.equals(decoded.charset())) {
      // A <meta> charset beyond the prescan: a browser changes the encoding and parses again.
      decoded =
          new HtmlCharset.Decoded(
              HtmlCharset.text(body, 0, length, walk.metaCharset), walk.metaCharset, false);
      doc = Parser.htmlParser().parseInput(decoded.text(), url);
      walk = PageWalk.of(doc, refresh, false);
    }

    // URLs are resolved after the walk because the first <base href> applies to every link of the
    // page, including those before it; a link's query is encoded in the page's encoding.
    UrlNormalizer.Base pageBase = normalizer.base(url, decoded.charset());
    UrlNormalizer.Base base = normalizer.withBaseHref(pageBase, walk.baseHref);
    Set<String> links = new LinkedHashSet<>();
    List<String> hrefs = walk.hrefs;
    if (!walk.nofollow) {
      // Pages repeat hrefs (navigation, see-also lists: half of them on documentation sites); an
      // href resolves to the same link each time, so each is resolved once.
      Set<String> resolved = new HashSet<>();
      for (int i = 0; i < hrefs.size() && links.size() < maxLinksPerPage; i++) {
        String href = hrefs.get(i);
        String link;
        if (i == walk.refreshIndex) {
          link = normalizer.resolve(walk.refreshAfterBase ? base : pageBase, href);
        } else if (resolved.add(href)) {
          link = normalizer.resolve(base, href);
        } else {
          continue;
        }
        if (link != null) {
          links.add(link);
        }
      }
    }
    List<String> nofollowLinks = new ArrayList<>();
    for (String href : walk.nofollowHrefs) {
      String link = normalizer.resolve(base, href);
      if (link != null && links.contains(link)) {
        nofollowLinks.add(link);
      }
    }
    String canonical =
        walk.canonicalHref == null ? null : normalizer.resolve(base, walk.canonicalHref);

    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (CompiledRule compiled : rules) {
      Stream<String> values =
          doc.selectStream(compiled.evaluator())
              .map(element -> value(element, compiled, base))
              .filter(value -> !value.isEmpty());
      fields.put(
          compiled.rule().name(), (compiled.rule().all() ? values : values.limit(1)).toList());
    }

    PageContent.Capped text =
        content == ParseSettings.Content.TEXT ? PageContent.text(doc.body(), maxContent) : null;
    PageContent.Capped source =
        content == ParseSettings.Content.HTML ? PageContent.html(decoded.text(), maxContent) : null;
    return new ParsedPage(
        walk.title,
        List.copyOf(links),
        canonical,
        walk.noindex,
        walk.nofollow,
        List.copyOf(walk.buttonIds),
        fields,
        nofollowLinks,
        text == null ? null : text.value(),
        source == null ? null : source.value(),
        (text != null && text.truncated()) || (source != null && source.truncated()));
  }

  private String value(Element element, CompiledRule compiled, UrlNormalizer.Base base) {
    String attribute = compiled.rule().attribute();
    if (attribute == null) {
      return element.text();
    }
    String value = element.attr(attribute).strip();
    if (compiled.urlAttribute() && !value.isEmpty()) {
      String resolved = normalizer.resolve(base, value);
      return resolved == null ? value : resolved;
    }
    return value;
  }
}
