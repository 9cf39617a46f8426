package io.akkacrawler.url;

import java.util.Locale;

/**
 * Character-level scanning of URLs already in crawl form (as {@link UrlNormalizer} serializes them)
 * for host keys and {@link Scope}: cheap enough to run on every link.
 */
final class UrlStrings {
  private UrlStrings() {}

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

  static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return true;
      }
    }
    return false;
  }
}
