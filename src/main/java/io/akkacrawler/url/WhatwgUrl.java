package io.akkacrawler.url;

import java.nio.charset.Charset;
import java.util.Optional;

/**
 * A URL record of the WHATWG URL Standard (§4.1), produced by its basic URL parser (§4.4, in {@link
 * UrlParser}) and serialized by its URL serializer (§4.5). Immutable and thread-safe; parse a
 * page's base URL once and resolve each of its links against it.
 */
public final class WhatwgUrl {
  static final int NOT_SPECIAL = -2;

  private final String scheme;
  private final String username;
  private final String password;
  private final String host;
  private final int port;
  private final String path;
  private final boolean opaquePath;
  private final String query;
  private final String fragment;
  private final String href;

  WhatwgUrl(
      String scheme,
      String username,
      String password,
      String host,
      int port,
      String path,
      boolean opaquePath,
      String query,
      String fragment) {
    this.scheme = scheme;
    this.username = username;
    this.password = password;
    this.host = host;
    this.port = port;
    this.path = path;
    this.opaquePath = opaquePath;
    this.query = query;
    this.fragment = fragment;
    this.href = serialize();
  }

  /** Parses {@code input} against {@code base} (null for none); empty when the parser fails. */
  public static Optional<WhatwgUrl> parse(String input, WhatwgUrl base) {
    return Optional.ofNullable(UrlParser.parse(clean(input), base, null));
  }

  /**
   * Parses {@code input} against {@code base} as a link of a document in {@code queryEncoding}
   * (null: UTF-8): the query of an http(s) URL is encoded in it before it is percent-encoded, as
   * browsers do for the links of a page in a legacy encoding.
   */
  public static Optional<WhatwgUrl> parse(String input, WhatwgUrl base, Charset queryEncoding) {
    return Optional.ofNullable(UrlParser.parse(clean(input), base, queryEncoding));
  }

  /** Parses {@code base} first, then {@code input} against it; empty when either fails. */
  public static Optional<WhatwgUrl> parse(String input, String base) {
    if (base == null) {
      return parse(input, (WhatwgUrl) null);
    }
    WhatwgUrl parsedBase = UrlParser.parse(clean(base), null, null);
    return parsedBase == null ? Optional.empty() : parse(input, parsedBase);
  }

  /**
   * Resolves an href against a page's base URL as a browser does and returns the result serialized
   * without its fragment, or null when it fails to parse or is not http(s) ({@code mailto:}, {@code
   * javascript:}, ...). Never throws, whatever the input.
   */
  public static String resolveHttp(String href, WhatwgUrl base) {
    if (href == null) {
      return null;
    }
    WhatwgUrl url;
    try {
      url = UrlParser.parse(clean(href), base, null);
    } catch (RuntimeException e) {
      return null; // a parser bug must not take a fetcher down with it
    }
    if (url == null || !url.isHttp()) {
      return null;
    }
    return url.fragment == null
        ? url.href
        : url.href.substring(0, url.href.length() - url.fragment.length() - 1);
  }

  /** The scheme, lower case and without its ':' ("https"). */
  public String scheme() {
    return scheme;
  }

  /** The percent-encoded user name, "" when absent. */
  public String username() {
    return username;
  }

  /** The percent-encoded password, "" when absent. */
  public String password() {
    return password;
  }

  /** The serialized host ("example.com", "192.168.0.1", "[::1]", "" for file:), null if none. */
  public String host() {
    return host;
  }

  /** The port, or -1 when absent or the scheme's default (which the parser drops). */
  public int port() {
    return port;
  }

  /** The serialized path ("/a/b", "" when empty), or the opaque path of "mailto:x@y.z". */
  public String path() {
    return path;
  }

  /** Whether the path is opaque (a non-special URL with no '/' after the scheme's ':'). */
  public boolean hasOpaquePath() {
    return opaquePath;
  }

  /** The percent-encoded query without '?': null when absent, "" when the URL ends in '?'. */
  public String query() {
    return query;
  }

  /** The percent-encoded fragment without '#': null when absent, "" when the URL ends in '#'. */
  public String fragment() {
    return fragment;
  }

  /** Whether the scheme is http or https. */
  public boolean isHttp() {
    return "http".equals(scheme) || "https".equals(scheme);
  }

  /** Whether the scheme is one of §4.1's special schemes: ftp, file, http(s), ws(s). */
  public boolean isSpecial() {
    return defaultPort(scheme) != NOT_SPECIAL;
  }

  /** The serialized URL, the href a browser reports. */
  public String href() {
    return href;
  }

  @Override
  public String toString() {
    return href;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WhatwgUrl other && href.equals(other.href);
  }

  @Override
  public int hashCode() {
    return href.hashCode();
  }

  /** A special scheme's default port, -1 for file, {@link #NOT_SPECIAL} for the others. */
  static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      case "ftp" -> 21;
      case "file" -> -1;
      default -> NOT_SPECIAL;
    };
  }

  /**
   * §4.4 steps 2 and 3: strips leading and trailing C0 controls and spaces and removes every tab
   * and newline; returns {@code s} itself in the common case where there is nothing to remove.
   */
  static String clean(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) <= ' ') {
      end--;
    }
    int i = start;
    while (i < end && s.charAt(i) != '\t' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
      i++;
    }
    if (i == end) {
      return start == 0 && end == s.length() ? s : s.substring(start, end);
    }
    StringBuilder out = new StringBuilder(end - start).append(s, start, i);
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** §4.5 URL serializer. */
  private String serialize() {
    int length =
        scheme.length()
            + username.length()
            + password.length()
            + path.length()
            + (host == null ? 2 : host.length() + 10)
            + (query == null ? 0 : query.length() + 1)
            + (fragment == null ? 0 : fragment.length() + 1);
    StringBuilder out = new StringBuilder(length + 4).append(scheme).append(':');
    if (host != null) {
      out.append("//");
      if (!username.isEmpty() || !password.isEmpty()) {
        out.append(username);
        if (!password.isEmpty()) {
          out.append(':').append(password);
        }
        out.append('@');
      }
      out.append(host);
      if (port >= 0) {
        out.append(':').append(port);
      }
    } else if (!opaquePath && path.startsWith("//")) {
      out.append("/."); // keeps an empty first segment from reading as an authority
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    if (fragment != null) {
      out.append('#').append(fragment);
    }
    return out.toString();
  }
}
