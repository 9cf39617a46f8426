package io.akkacrawler.cookies;

import java.util.Locale;

/**
 * One {@code Set-Cookie} header parsed as RFC 6265 (section 5.2) says a user agent does: the first
 * {@code name=value} pair, then the attributes it knows (the last of each wins; unknown ones and
 * unusable values are ignored). Pure.
 *
 * @param expiresAt from {@code Max-Age} (which wins) or {@code Expires}, in epoch milliseconds;
 *     {@link Long#MIN_VALUE} for "already expired", -1 for none (a session cookie)
 * @param domain the {@code Domain} attribute, lower case, without its leading dot; null for none
 * @param path the {@code Path} attribute when it starts with "/"; null for none (the default path)
 */
record SetCookie(
    String name, String value, long expiresAt, String domain, String path, boolean secure) {

  /** The parsed header, or null when it is no cookie at all (no "=", or no name). */
  static SetCookie parse(String header, long nowMs) {
    int semicolon = header.indexOf(';');
    String pair = semicolon < 0 ? header : header.substring(0, semicolon);
    int eq = pair.indexOf('=');
    if (eq < 0) {
      return null;
    }
    String name = pair.substring(0, eq).strip();
    String value = pair.substring(eq + 1).strip();
    if (name.isEmpty() || hasControl(name) || hasControl(value)) {
      return null;
    }
    Long expires = null;
    Long maxAge = null;
    String domain = null;
    String path = null;
    boolean secure = false;
    String attributes = semicolon < 0 ? "" : header.substring(semicolon + 1);
    for (String av : attributes.split(";")) {
      int e = av.indexOf('=');
      String key = (e < 0 ? av : av.substring(0, e)).strip().toLowerCase(Locale.ROOT);
      String val = e < 0 ? "" : av.substring(e + 1).strip();
      switch (key) {
        case "expires" -> {
          Long date = CookieDates.parse(val);
          expires = date != null ? date : expires;
        }
        case "max-age" -> {
          Long age = maxAge(val, nowMs);
          maxAge = age != null ? age : maxAge;
        }
        case "domain" -> {
          if (!val.isEmpty()) {
            String d = val.startsWith(".") ? val.substring(1) : val;
            domain = d.toLowerCase(Locale.ROOT);
          }
        }
        case "path" -> path = val.startsWith("/") ? val : null;
        case "secure" -> secure = true;
        default -> {}
      }
    }
    long expiresAt = maxAge != null ? maxAge : expires != null ? expires : -1;
    if (expiresAt != -1 && expiresAt <= nowMs) {
      expiresAt = Long.MIN_VALUE;
    }
    return new SetCookie(name, value, expiresAt, domain, path, secure);
  }

  /** Whether the header asks to delete the cookie (an expiry in the past). */
  boolean expired() {
    return expiresAt == Long.MIN_VALUE;
  }

  /** {@code Max-Age} as an expiry time: a digit or "-" first, then digits only; else null. */
  private static Long maxAge(String val, long nowMs) {
    if (!val.matches("-?[0-9]+")) {
      return null;
    }
    if (val.startsWith("-") || val.chars().allMatch(c -> c == '0')) {
      return Long.MIN_VALUE;
    }
    try {
      long seconds = Long.parseLong(val);
      return seconds > (Long.MAX_VALUE - nowMs) / 1000 ? Long.MAX_VALUE : nowMs + seconds * 1000;
    } catch (NumberFormatException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7F) {
        return true;
      }
    }
    return false;
  }
}
