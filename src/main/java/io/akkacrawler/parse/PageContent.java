package io.akkacrawler.parse;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The content a record may carry ({@code --content}): a page's visible text, or its decoded HTML,
 * each cut to a number of UTF-8 bytes. No I/O.
 */
final class PageContent {
  /** Elements whose text a reader never sees (script and style text is jsoup data, not text). */
  private static final Set<String> HIDDEN = Set.of("script", "style", "noscript", "template");

  /** The content, whole or cut to the cap ({@code truncated}). */
  record Capped(String value, boolean truncated) {}

  private PageContent() {}

  /**
   * The visible text under {@code root}, as jsoup's {@code Element.text()} gives it (runs of
   * whitespace collapsed to one space, a space between blocks, trimmed) but without the text of
   * {@code noscript} and {@code template} elements, and at most {@code maxBytes} (0: no limit).
   */
  static Capped text(Element root, long maxBytes) {
    TextAccumulator text = new TextAccumulator(maxBytes);
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (text.full) {
              return FilterResult.STOP;
            }
            if (node instanceof TextNode t) {
              text.appendCollapsed(t.getWholeText());
            } else if (node instanceof Element e) {
              if (HIDDEN.contains(e.normalName())) {
                return FilterResult.SKIP_ENTIRELY;
              }
              if (e.isBlock() || e.nameIs("br")) {
                text.space();
              }
            }
            return FilterResult.CONTINUE;
          }

          @Override
          public FilterResult tail(Node node, int depth) {
            if (node instanceof Element e && e.isBlock()) {
              text.space();
            }
            return FilterResult.CONTINUE;
          }
        },
        root);
    return new Capped(text.toString(), text.full);
  }

  /** {@code html} cut to at most {@code maxBytes} UTF-8 bytes (0: no limit). */
  static Capped html(String html, long maxBytes) {
    if (maxBytes <= 0 || html.length() * 3L <= maxBytes) {
      return new Capped(html, false); // fits whatever its characters are
    }
    int end = fit(html, maxBytes);
    return end == html.length()
        ? new Capped(html, false)
        : new Capped(html.substring(0, end), true);
  }

  /** The length of the longest prefix of {@code s} within {@code maxBytes} UTF-8 bytes. */
  static int fit(String s, long maxBytes) {
    long bytes = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      int n = pair ? 4 : utf8Length(c);
      if (bytes + n > maxBytes) {
        return i;
      }
      bytes += n;
      i += pair ? 2 : 1;
    }
    return i;
  }

  private static int utf8Length(char c) {
    if (c < 0x80) {
      return 1;
    }
    return c < 0x800 ? 2 : 3; // a lone surrogate is written as '?' (1 byte): 3 is an upper bound
  }

  /** Text with whitespace collapsed as it is appended, up to a cap in UTF-8 bytes. */
  private static final class TextAccumulator {
    private final long maxBytes;
    private final StringBuilder sb = new StringBuilder();
    private long bytes;
    private boolean pendingSpace;
    boolean full;

    TextAccumulator(long maxBytes) {
      this.maxBytes = maxBytes <= 0 ? Long.MAX_VALUE : maxBytes;
    }

    /** A word break: one space before the next text, none at the start or the end. */
    void space() {
      pendingSpace = sb.length() > 0;
    }

    void appendCollapsed(String s) {
      for (int i = 0; i < s.length() && !full; i++) {
        char c = s.charAt(i);
        if (isWhitespace(c)) {
          space();
          continue;
        }
        if (pendingSpace) {
          pendingSpace = false;
          if (!add(' ', 1)) {
            return;
          }
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          if (bytes + 4 > maxBytes) {
            full = true;
            return;
          }
          bytes += 4;
          sb.append(c).append(s.charAt(++i));
        } else {
          add(c, utf8Length(c));
        }
      }
    }

    private boolean add(char c, int n) {
      if (bytes + n > maxBytes) {
        full = true;
        return false;
      }
      bytes += n;
      sb.append(c);
      return true;
    }

    private static boolean isWhitespace(char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u00a0';
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
