package io.akkacrawler.parse;

/**
 * The URL of a {@code <meta http-equiv="refresh" content="5; url=next.html">}, read as browsers
 * read it (the HTML standard's "shared declarative refresh steps"): a time, then optionally {@code
 * ;} or {@code ,}, {@code url=} (any case, spaces around {@code =}) and the URL, in quotes or not.
 * A browser goes there after the time; a crawler follows it as a link (as wget and Heritrix do).
 */
final class MetaRefresh {
  private MetaRefresh() {}

  /**
   * The URL string of a refresh's {@code content} (not yet resolved): "" for a refresh of the page
   * itself (no URL, or an empty one), null when {@code content} is no refresh at all.
   */
  static String url(String content) {
    int n = content.length();
    int i = skipWhitespace(content, 0);
    int digits = i;
    while (i < n && isDigit(content.charAt(i))) {
      i++;
    }
    if (i == digits && (i == n || content.charAt(i) != '.')) {
      return null; // no time: not a refresh
    }
    while (i < n && (isDigit(content.charAt(i)) || content.charAt(i) == '.')) {
      i++;
    }
    if (i < n) {
      char c = content.charAt(i);
      if (c != ';' && c != ',' && !isWhitespace(c)) {
        return null;
      }
      i = skipWhitespace(content, i);
      if (i < n && (content.charAt(i) == ';' || content.charAt(i) == ',')) {
        i++;
      }
      i = skipWhitespace(content, i);
    }
    return i == n ? "" : urlString(content, i); // nothing after the time: the page itself
  }

  /** Steps "url", "=", "skip quotes" and the quote's end, from {@code i} (not past the end). */
  private static String urlString(String content, int start) {
    int n = content.length();
    int i = start;
    if (!matches(content, i, 'u')) {
      return quoted(content, i);
    }
    i++;
    if (!matches(content, i, 'r') || !matches(content, i + 1, 'l')) {
      return content.substring(start); // "parse" what follows the separator as it is
    }
    i = skipWhitespace(content, i + 2);
    if (i >= n || content.charAt(i) != '=') {
      return content.substring(start);
    }
    return quoted(content, skipWhitespace(content, i + 1));
  }

  private static String quoted(String content, int i) {
    if (i < content.length() && (content.charAt(i) == '\'' || content.charAt(i) == '"')) {
      int end = content.indexOf(content.charAt(i), i + 1);
      return content.substring(i + 1, end < 0 ? content.length() : end);
    }
    return content.substring(i);
  }

  private static boolean matches(String s, int i, char lower) {
    return i < s.length() && (s.charAt(i) | 0x20) == lower;
  }

  private static int skipWhitespace(String s, int i) {
    while (i < s.length() && isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** ASCII whitespace as the HTML standard defines it. */
  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
