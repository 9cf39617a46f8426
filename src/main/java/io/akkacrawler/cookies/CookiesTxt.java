package io.akkacrawler.cookies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the Netscape {@code cookies.txt} format that browsers' export tools, wget and curl write:
 * one cookie a line, seven tab-separated fields (domain, include subdomains, path, secure, expiry
 * in epoch seconds with 0 for a session cookie, name, value); {@code #} starts a comment, except
 * for the {@code #HttpOnly_} prefix that curl puts before the domain of an HttpOnly cookie. Pure.
 */
public final class CookiesTxt {
  private static final String HTTP_ONLY = "#HttpOnly_";

  private CookiesTxt() {}

  /** A line that is not a cookie; its message names the line. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  /** The cookies of the file's {@code lines}, in file order. */
  public static List<Cookie> parse(List<String> lines) throws FormatException {
    List<Cookie> cookies = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a byte order mark, as editors on Windows write one
      }
      if (line.startsWith(HTTP_ONLY)) {
        line = line.substring(HTTP_ONLY.length());
      } else if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 6) {
        throw new FormatException(
            i + 1,
            "not a cookies.txt line (7 fields separated by tabs: domain, include subdomains,"
                + " path, secure, expiry, name, value)");
      }
      cookies.add(cookie(i + 1, f, i));
    }
    return cookies;
  }

  private static Cookie cookie(int line, String[] f, long order) throws FormatException {
    String domain = f[0].strip().toLowerCase(Locale.ROOT);
    if (domain.startsWith(".")) {
      domain = domain.substring(1);
    }
    if (domain.isEmpty()) {
      throw new FormatException(line, "no domain");
    }
    boolean subdomains = flag(line, f[1], "include subdomains");
    String path = f[2].strip().isEmpty() ? "/" : f[2].strip();
    boolean secure = flag(line, f[3], "secure");
    long expiry;
    try {
      expiry = Long.parseLong(f[4].strip());
    } catch (NumberFormatException e) {
      throw new FormatException(line, "expiry '" + f[4] + "' is not a number of seconds");
    }
    String name = f[5];
    // A value with tabs in it (rare) was split: put it back together.
    String value = f.length == 6 ? "" : String.join("\t", List.of(f).subList(6, f.length));
    if (name.isEmpty()) {
      throw new FormatException(line, "a cookie without a name");
    }
    long expiresAt =
        expiry <= 0 ? -1 : expiry > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : expiry * 1000;
    // Creation times keep the file's order among cookies of the same path length.
    return new Cookie(name, value, domain, !subdomains, path, secure, expiresAt, order);
  }

  private static boolean flag(int line, String value, String what) throws FormatException {
    String v = value.strip();
    if (v.equalsIgnoreCase("TRUE")) {
      return true;
    }
    if (v.equalsIgnoreCase("FALSE")) {
      return false;
    }
    throw new FormatException(line, what + " must be TRUE or FALSE (got '" + value + "')");
  }
}
