package io.akkacrawler.url;

import java.util.Locale;

/**
 * Character-level scanning of URL strings for {@link UrlNormalizer} and {@link Scope}: cheap enough
 * to run on every link, and never building a URI because the inputs are mostly normalized already.
 */
final class UrlStrings {
  private static final int MAX_PORT = 65_535;

  /**
   * Characters of an RFC 3986 URI reference, apart from '%' which needs two hex digits after it.
   */
  private static final boolean[] URI_CHARS = new boolean[128];

  static {
    String legal =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&'()*+,;=";
    for (int i = 0; i < legal.length(); i++) {
      URI_CHARS[legal.charAt(i)] = true;
    }
  }

  /** Path characters that crawler-commons' normalizer leaves exactly as they are. */
  private static final boolean[] PLAIN_PATH = new boolean[128];

  /** Characters of a query name or value that need no normalization. */
  private static final boolean[] PLAIN_QUERY = new boolean[128];

  static {
    String path = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/!$'()*+,;:@";
    for (int i = 0; i < path.length(); i++) {
      PLAIN_PATH[path.charAt(i)] = true;
    }
    String query = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    for (int i = 0; i < query.length(); i++) {
      PLAIN_QUERY[query.charAt(i)] = true;
    }
  }

  private UrlStrings() {}

  /**
   * Whether {@code url} is already in the normal form crawler-commons' BasicURLNormalizer gives:
   * lower-case http(s) scheme and host, no user info, no default or odd port, a path of plain
   * characters without empty or dot segments, at most one plain {@code name=value} query parameter,
   * no fragment. Most links of most pages are; checking takes one pass over the string, normalizing
   * many times that. False means "not sure", never "wrong".
   */
  static boolean isCanonical(String url) {
    int start;
    boolean https;
    if (url.startsWith("http://")) {
      start = 7;
      https = false;
    } else if (url.startsWith("https://")) {
      start = 8;
      https = true;
    } else {
      return false;
    }
    int n = url.length();
    int i = start;
    // host: lower-case letters, digits, '-' and inner dots
    char prev = '.';
    while (i < n) {
      char c = url.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && prev != '.')) {
        prev = c;
      } else if (c == '.' && prev != '.') {
        prev = c;
      } else {
        break;
      }
      i++;
    }
    if (i == start || prev == '.' || prev == '-') {
      return false;
    }
    if (i < n && url.charAt(i) == ':') {
      int portStart = ++i;
      while (i < n && url.charAt(i) >= '0' && url.charAt(i) <= '9') {
        i++;
      }
      int digits = i - portStart;
      if (digits == 0 || digits > 5 || url.charAt(portStart) == '0') {
        return false;
      }
      int port = Integer.parseInt(url, portStart, i, 10);
      if (port > MAX_PORT || port == (https ? 443 : 80)) {
        return false;
      }
    }
    // path: starts with '/', plain characters, no "//", "/." or "/.." segments
    if (i >= n || url.charAt(i) != '/') {
      return false;
    }
    while (i < n) {
      char c = url.charAt(i);
      if (c == '?') {
        return isPlainQuery(url, i + 1);
      }
      if (c >= 128 || !PLAIN_PATH[c]) {
        return false;
      }
      if (c == '/') {
        if (i + 1 < n) {
          char next = url.charAt(i + 1);
          if (next == '/') {
            return false;
          }
          if (next == '.'
              && (i + 2 == n
                  || url.charAt(i + 2) == '/'
                  || url.charAt(i + 2) == '?'
                  || (url.charAt(i + 2) == '.'
                      && (i + 3 == n || url.charAt(i + 3) == '/' || url.charAt(i + 3) == '?')))) {
            return false;
          }
        }
      }
      i++;
    }
    return true;
  }

  /** One {@code name=value} parameter, both non-empty and plain. */
  private static boolean isPlainQuery(String url, int from) {
    int n = url.length();
    int eq = -1;
    for (int i = from; i < n; i++) {
      char c = url.charAt(i);
      if (c == '=' && eq < 0) {
        eq = i;
      } else if (c >= 128 || !PLAIN_QUERY[c]) {
        return false;
      }
    }
    return eq > from && eq < n - 1;
  }

  /** The lower-case host of a normalized URL (no port, no user info); null without authority. */
  static String host(String normalizedUrl) {
    int sep = normalizedUrl.indexOf("://");
    if (sep <= 0) {
      return null;
    }
    int end = authorityEnd(normalizedUrl, sep + 3);
    int start = Math.max(sep + 3, normalizedUrl.lastIndexOf('@', end - 1) + 1);
    String authority = normalizedUrl.substring(start, end);
    int colon = portColon(authority, 0);
    String host = colon < 0 ? authority : authority.substring(0, colon);
    return hasUpperCase(host) ? host.toLowerCase(Locale.ROOT) : host;
  }

  /** Index where the authority starting at {@code start} ends: first '/', '?', '#' or the end. */
  static int authorityEnd(String url, int start) {
    int i = start;
    while (i < url.length() && !isAuthorityEnd(url.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isAuthorityEnd(char c) {
    return c == '/' || c == '?' || c == '#';
  }

  /** The colon before the port in {@code authority[from..]}, skipping IPv6 brackets; else -1. */
  static int portColon(String authority, int from) {
    int colon = authority.lastIndexOf(':');
    return colon >= from && colon > authority.lastIndexOf(']') ? colon : -1;
  }

  static int defaultPort(String url, int schemeLength) {
    if (schemeLength == 4 && url.regionMatches(true, 0, "http", 0, 4)) {
      return 80;
    }
    if (schemeLength == 5 && url.regionMatches(true, 0, "https", 0, 5)) {
      return 443;
    }
    throw new IllegalArgumentException("not an http(s) URL: " + url);
  }

  /**
   * Removes tabs and line breaks anywhere and C0 controls and spaces at either end, as browsers do
   * with hrefs (attributes often wrap long URLs over several lines).
   */
  static String clean(String s) {
    if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c != '\t' && c != '\n' && c != '\r') {
          sb.append(c);
        }
      }
      s = sb.toString();
    }
    return s.trim();
  }

  /** Browsers read '\' as '/' in the path of http(s) URLs; the query and fragment keep it. */
  static String backslashesToSlashes(String ref) {
    char[] chars = ref.toCharArray();
    for (int i = 0; i < chars.length && chars[i] != '?' && chars[i] != '#'; i++) {
      if (chars[i] == '\\') {
        chars[i] = '/';
      }
    }
    return new String(chars);
  }

  /** Index of the ':' ending a leading RFC 3986 scheme, or -1 when the string has no scheme. */
  static int schemeEnd(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  static boolean isHttpScheme(String s, int colon) {
    return (colon == 4 && s.regionMatches(true, 0, "http", 0, 4))
        || (colon == 5 && s.regionMatches(true, 0, "https", 0, 5));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether java.net.URI can take the string as is; checked up front because most hrefs are clean
   * and an exception per messy href would cost more than this scan.
   */
  static boolean isUriReference(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (c >= 128 || !URI_CHARS[c]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Checks the normalizer's output really is {@code http(s)://host[:port]/...}: it lets through an
   * empty host for some inputs and ports beyond 65535.
   */
  static boolean hasHttpAuthority(String url) {
    int start;
    if (url.startsWith("http://")) {
      start = 7;
    } else if (url.startsWith("https://")) {
      start = 8;
    } else {
      return false;
    }
    int end = authorityEnd(url, start);
    int colon = url.lastIndexOf(':', end - 1);
    int hostEnd = colon >= start ? colon : end;
    if (hostEnd == start) {
      return false;
    }
    if (colon >= start) {
      int digits = end - colon - 1;
      if (digits == 0 || digits > 5) {
        return false;
      }
      int port = 0;
      for (int i = colon + 1; i < end; i++) {
        char c = url.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
        port = port * 10 + (c - '0');
      }
      return port > 0 && port <= MAX_PORT;
    }
    return true;
  }

  /**
   * Whether the authority {@code url[start, end)} holds only characters a host, port or user info
   * may have; non-ASCII passes, for internationalized domain names.
   */
  static boolean hasHostCharacters(String url, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = url.charAt(i);
      if (c < 128 && !URI_CHARS[c] && c != '%' && c != '[' && c != ']') {
        return false;
      }
    }
    return true;
  }
}
