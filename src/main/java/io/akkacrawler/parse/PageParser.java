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
    HtmlCharset.Detected detected = HtmlCharset.detect(body, length, charset);
    int offset = detected.offset();
    String html = new String(body, offset, length - offset, detected.charset());
    Document doc = Parser.htmlParser().parseInput(html, url);

    // One walk over the elements (the document iterates itself and its descendants, without
    // collecting them into a list first). URLs are resolved after it because the first <base href>
    // applies to every link of the page, including those before it.
    String title = null;
    String baseHref = null;
    String canonicalHref = null;
    boolean noindex = false;
    boolean nofollow = false;
    List<String> hrefs = new ArrayList<>();
    String refreshTarget = refresh == null ? null : MetaRefresh.url(refresh);
    if (refreshTarget != null) {
      hrefs.add(refreshTarget);
    }
    List<String> nofollowHrefs = new ArrayList<>();
    Set<String> buttonIds = new LinkedHashSet<>();
    for (Element element : doc) {
      switch (element.normalName()) {
        case "a", "area" -> {
          if (addIfPresent(hrefs, element, "href") && hasToken(element.attr("rel"), "nofollow")) {
            nofollowHrefs.add(element.attr("href"));
          }
        }
        case "frame", "iframe" -> addIfPresent(hrefs, element, "src");
        case "base" -> {
          if (baseHref == null && element.hasAttr("href")) {
            baseHref = element.attr("href");
          }
        }
        case "link" -> {
          if (canonicalHref == null
              && element.hasAttr("href")
              && hasToken(element.attr("rel"), "canonical")) {
            canonicalHref = element.attr("href");
          }
        }
        case "meta" -> {
          if (element.attr("http-equiv").strip().equalsIgnoreCase("refresh")) {
            String target = MetaRefresh.url(element.attr("content"));
            if (target != null) {
              hrefs.add(target);
            }
          } else if (element.attr("name").strip().equalsIgnoreCase("robots")) {
            String content = element.attr("content");
            boolean none = hasToken(content, "none");
            noindex |= none || hasToken(content, "noindex");
            nofollow |= none || hasToken(content, "nofollow");
          }
        }
        case "title" -> {
          // An <svg> may have <title>s of its own; only the HTML one names the page.
          if (title == null && Parser.NamespaceHtml.equals(element.tag().namespace())) {
            title = collapseWhitespace(element.text());
          }
        }
        case "button" -> {
          String id = element.attr("id");
          if (!id.isEmpty()) {
            buttonIds.add(id);
          }
        }
        default -> {}
      }
    }

    UrlNormalizer.Base base = documentBase(url, baseHref);
    Set<String> links = new LinkedHashSet<>();
    if (!nofollow) {
      // Pages repeat hrefs (navigation, see-also lists: half of them on documentation sites); an
      // href resolves to the same link each time, so each is resolved once.
      Set<String> resolved = new HashSet<>();
      for (int i = 0; i < hrefs.size() && links.size() < maxLinksPerPage; i++) {
        String href = hrefs.get(i);
        if (resolved.add(href)) {
          String link = normalizer.resolve(base, href);
          if (link != null) {
            links.add(link);
          }
        }
      }
    }
    List<String> nofollowLinks = new ArrayList<>();
    for (String href : nofollowHrefs) {
      String link = normalizer.resolve(base, href);
      if (link != null && links.contains(link)) {
        nofollowLinks.add(link);
      }
    }
    String canonical = canonicalHref == null ? null : normalizer.resolve(base, canonicalHref);

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
        content == ParseSettings.Content.HTML ? PageContent.html(html, maxContent) : null;
    return new ParsedPage(
        title,
        List.copyOf(links),
        canonical,
        noindex,
        nofollow,
        List.copyOf(buttonIds),
        fields,
        nofollowLinks,
        text == null ? null : text.value(),
        source == null ? null : source.value(),
        (text != null && text.truncated()) || (source != null && source.truncated()));
  }

  /** The first {@code <base href>} resolved against the page URL, else the page URL itself. */
  private UrlNormalizer.Base documentBase(String url, String baseHref) {
    return normalizer.withBaseHref(normalizer.base(url), baseHref);
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

  private static boolean addIfPresent(List<String> hrefs, Element element, String attribute) {
    if (element.hasAttr(attribute)) {
      hrefs.add(element.attr(attribute));
      return true;
    }
    return false;
  }

  /**
   * Whether a comma- or whitespace-separated list (rel, robots content) holds the lower-case token,
   * ignoring case.
   */
  private static boolean hasToken(String list, String token) {
    int n = list.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSeparator(list.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSeparator(list.charAt(i))) {
        i++;
      }
      if (i - start == token.length()
          && list.regionMatches(true, start, token, 0, token.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSeparator(char c) {
    return c == ',' || Character.isWhitespace(c);
  }

  /** Collapses runs of whitespace to one space and trims, as browsers do for document.title. */
  private static String collapseWhitespace(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pendingSpace = sb.length() > 0;
      } else {
        if (pendingSpace) {
          sb.append(' ');
          pendingSpace = false;
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
