package io.akkacrawler.parse;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * What one walk over a parsed page collects for its record: the hrefs to resolve (links, frames,
 * the refresh target), the first {@code <base href>}, title, canonical, robots directives and
 * button ids. The document iterates itself and its descendants without collecting them into a list
 * first. The contents of a {@code <template>} are not part of the page, as in a browser; a {@code
 * <noscript>}'s are, as for a browser without scripts (which the crawler is).
 */
final class PageWalk {
  private static final String XLINK_HREF = "xlink:href";

  String title;
  String baseHref;
  String canonicalHref;
  boolean noindex;
  boolean nofollow;
  final List<String> hrefs = new ArrayList<>();
  final List<String> nofollowHrefs = new ArrayList<>();
  final Set<String> buttonIds = new LinkedHashSet<>();

  /**
   * The index in {@link #hrefs} of the refresh target a browser would go to (-1: none): the {@code
   * Refresh} header's, else the first valid {@code <meta http-equiv=refresh>}'s.
   */
  int refreshIndex = -1;

  /**
   * Whether the refresh target resolves against the {@code <base href>}: a browser resolves it when
   * it meets the element, against the base found until then; the header's never does.
   */
  boolean refreshAfterBase;

  /** With {@code findMetaCharset}: the first {@code <meta>} charset (see {@link #of}), or null. */
  Charset metaCharset;

  private boolean sawTemplate;

  /** Whether a refresh (the header, or a meta's) was met: a browser takes the first only. */
  private boolean refreshed;

  private PageWalk() {}

  /**
   * Walks {@code doc}, served with the {@code Refresh} header {@code refreshHeader} (null: none).
   * With {@code findMetaCharset} (the page's encoding was a guess) it also notes the encoding the
   * first {@code <meta charset>} or {@code <meta http-equiv=content-type>} names, which a browser
   * switches to.
   */
  static PageWalk of(Document doc, String refreshHeader, boolean findMetaCharset) {
    PageWalk walk = new PageWalk();
    String target = refreshHeader == null ? null : MetaRefresh.url(refreshHeader);
    walk.refreshed = target != null;
    if (walk.refreshed && !target.isEmpty()) {
      walk.refreshIndex = 0;
      walk.hrefs.add(target);
    }
    boolean findCharset = findMetaCharset;
    for (Element element : doc) {
      String name = element.normalName();
      if (name.equals("template")) {
        walk.sawTemplate = true;
        continue;
      }
      if (walk.sawTemplate && insideTemplate(element)) {
        continue;
      }
      switch (name) {
        case "a", "area" -> {
          // An SVG or MathML <a> is a link a user follows; an <area> there is no image map's.
          boolean html = isHtml(element);
          // SVG 1.1's <a xlink:href>, which browsers follow when there is no href.
          String attribute =
              !html && name.equals("a") && !element.hasAttr("href") ? XLINK_HREF : "href";
          if ((html || name.equals("a"))
              && walk.add(element, attribute)
              && hasToken(element.attr("rel"), "nofollow")) {
            walk.nofollowHrefs.add(element.attr(attribute));
          }
        }
        case "frame", "iframe" -> {
          if (isHtml(element)) {
            walk.add(element, "src");
          }
        }
        case "base" -> {
          // Only the HTML <base> sets the page's base (an <svg><base> is an unknown SVG element).
          if (walk.baseHref == null && element.hasAttr("href") && isHtml(element)) {
            walk.baseHref = element.attr("href");
          }
        }
        case "link" -> {
          if (walk.canonicalHref == null
              && element.hasAttr("href")
              && isHtml(element)
              && hasToken(element.attr("rel"), "canonical")) {
            walk.canonicalHref = element.attr("href");
          }
        }
        case "meta" -> {
          walk.meta(element);
          if (findCharset) {
            walk.metaCharset = charsetOf(element);
            findCharset = walk.metaCharset == null;
          }
        }
        case "title" -> {
          // An <svg> may have <title>s of its own; only the HTML one names the page.
          if (walk.title == null && isHtml(element)) {
            // Its raw text: jsoup's text() also strips Unicode spaces (U+3000, U+2003), which
            // document.title keeps.
            walk.title = collapseWhitespace(element.wholeText());
          }
        }
        case "button" -> {
          String id = element.attr("id");
          if (!id.isEmpty()) {
            walk.buttonIds.add(id);
          }
        }
        default -> {}
      }
    }
    return walk;
  }

  private void meta(Element element) {
    // The pragma is matched as it is written, without trimming, as browsers match it.
    if (element.attr("http-equiv").equalsIgnoreCase("refresh")) {
      // Only the first refresh counts (HTML's "will declaratively refresh"), even one of the
      // page itself.
      String target = refreshed ? null : MetaRefresh.url(element.attr("content"));
      refreshed |= target != null;
      if (target != null && !target.isEmpty()) {
        refreshIndex = hrefs.size();
        refreshAfterBase = baseHref != null;
        hrefs.add(target);
      }
    } else if (element.attr("name").strip().equalsIgnoreCase("robots")) {
      String content = element.attr("content");
      boolean none = hasToken(content, "none");
      noindex |= none || hasToken(content, "noindex");
      nofollow |= none || hasToken(content, "nofollow");
    }
  }

  /** The encoding a {@code <meta>} names as the HTML parser reads it, or null. */
  private static Charset charsetOf(Element meta) {
    if (meta.hasAttr("charset")) {
      Charset charset = HtmlCharset.forMetaLabel(meta.attr("charset"));
      if (charset != null) {
        return charset;
      }
    }
    if (meta.attr("http-equiv").equalsIgnoreCase("content-type") && meta.hasAttr("content")) {
      String label = CharsetPrescan.charsetFromContent(meta.attr("content"));
      return label == null ? null : HtmlCharset.forMetaLabel(label);
    }
    return null;
  }

  private static boolean isHtml(Element element) {
    return Parser.NamespaceHtml.equals(element.tag().namespace());
  }

  private static boolean insideTemplate(Element element) {
    for (Element parent = element.parent(); parent != null; parent = parent.parent()) {
      if (parent.normalName().equals("template")) {
        return true;
      }
    }
    return false;
  }

  private boolean add(Element element, String attribute) {
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
  static boolean hasToken(String list, String token) {
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
