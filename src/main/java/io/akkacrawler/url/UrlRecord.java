package io.akkacrawler.url;

import static io.akkacrawler.url.PercentEncoding.USERINFO;

/**
 * The §4.1 URL record while {@link UrlParser} fills it in: mutable, one per parse, frozen into a
 * {@link WhatwgUrl} at the end.
 */
final class UrlRecord {
  String scheme = "";
  boolean special;
  String username = "";
  String password = "";
  String host;
  int port = -1;
  final UrlPath path;
  boolean opaquePath;
  StringBuilder query;
  StringBuilder fragment;

  UrlRecord(int inputLength) {
    path = new UrlPath(inputLength + 16);
  }

  WhatwgUrl build() {
    return new WhatwgUrl(
        scheme,
        username,
        password,
        host,
        port,
        path.toString(),
        opaquePath,
        query == null ? null : query.toString(),
        fragment == null ? null : fragment.toString());
  }

  /** Takes user name, password, host and port from the base, as the relative states do. */
  void copyAuthority(WhatwgUrl base) {
    username = base.username();
    password = base.password();
    host = base.host();
    port = base.port();
  }

  /**
   * The authority state's '@' step: appends {@code credentials} percent-encoded to the user name,
   * or to the password once a ':' has been seen; returns whether one has.
   */
  boolean appendCredentials(CharSequence credentials, boolean passwordTokenSeen) {
    StringBuilder user = new StringBuilder(username);
    StringBuilder pass = new StringBuilder(password);
    String s = credentials.toString();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':' && !passwordTokenSeen) {
        passwordTokenSeen = true;
        continue;
      }
      i = PercentEncoding.append(passwordTokenSeen ? pass : user, s, i, USERINFO);
    }
    username = user.toString();
    password = pass.toString();
    return passwordTokenSeen;
  }

  /** The port state's end: {@code digits} (may be empty) as the port; false above 65535. */
  boolean setPort(CharSequence digits) {
    if (digits.length() == 0) {
      return true;
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      value = value * 10 + digits.charAt(i) - '0';
      if (value > 65_535) {
        return false;
      }
    }
    port = value == WhatwgUrl.defaultPort(scheme) ? -1 : value; // default ports are dropped
    return true;
  }

  /** The relative states' copy of the base: authority, path and query. */
  void copyAllButFragment(WhatwgUrl base) {
    copyAuthority(base);
    path.copy(base.path());
    query = base.query() == null ? null : new StringBuilder(base.query());
  }

  /** The no scheme state's copy of a base with an opaque path, for a fragment-only input. */
  void copyOpaque(WhatwgUrl base) {
    scheme = base.scheme();
    special = base.isSpecial();
    opaquePath = true;
    path.chars().append(base.path());
    query = base.query() == null ? null : new StringBuilder(base.query());
  }
}
