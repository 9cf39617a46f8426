package io.akkacrawler.cookies;

import crawlercommons.domains.EffectiveTldFinder;
import io.akkacrawler.url.UrlNormalizer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A crawl's cookies, kept as RFC 6265 says a user agent keeps them: a response's {@code Set-Cookie}
 * headers are stored under the domain and path they are good for (a {@code Domain} that is a public
 * suffix, or that does not cover the host, is refused), and a request gets the unexpired cookies
 * whose domain and path match its URL ({@code Secure} ones over https only), longest path first. As
 * browsers do (RFC 6265bis), a plain-http response cannot set a {@code Secure} cookie nor overwrite
 * one, and the {@code __Secure-} and {@code __Host-} name prefixes hold; loopback hosts count as
 * https, as in browsers. At most {@value #PER_DOMAIN} cookies per domain and {@value #TOTAL} in
 * all: the oldest go first. Plain class, single-threaded; times are epoch milliseconds passed in.
 */
public final class CookieJar {
  static final int PER_DOMAIN = 50;
  static final int TOTAL = 3000;
  private static final int MAX_SIZE = 4096;

  private static final Comparator<Cookie> SEND_ORDER =
      Comparator.comparingInt((Cookie c) -> -c.path().length()).thenComparingLong(Cookie::created);

  /** Cookies by their domain, each list in creation order. */
  private final Map<String, List<Cookie>> byDomain = new HashMap<>();

  private int size;
  private boolean changed;

  /** A jar holding {@code cookies} (those of a saved crawl, or of a cookies.txt file). */
  public static CookieJar of(List<Cookie> cookies, long nowMs) {
    CookieJar jar = new CookieJar();
    cookies.forEach(c -> jar.add(c, nowMs));
    jar.changed = false;
    return jar;
  }

  /** Stores the {@code Set-Cookie} headers of a response to {@code url}. */
  public void receive(String url, List<String> setCookieHeaders, long nowMs) {
    URI uri = uri(url);
    if (uri == null) {
      return;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    boolean secureOrigin = secureOrigin(uri, host);
    for (String header : setCookieHeaders) {
      SetCookie sc = SetCookie.parse(header, nowMs);
      if (sc == null
          || sc.name().length() + sc.value().length() > MAX_SIZE
          || (sc.secure() && !secureOrigin)
          || !prefixHolds(sc)) {
        continue;
      }
      String domain = sc.domain();
      if (domain != null && isPublicSuffix(domain)) {
        if (!domain.equals(host)) {
          continue; // a cookie for every site under a public suffix
        }
        domain = null;
      }
      if (domain != null && !domainMatches(host, domain)) {
        continue;
      }
      String path = sc.path() != null ? sc.path() : defaultPath(uri.getRawPath());
      Cookie cookie =
          new Cookie(
              sc.name(),
              sc.value(),
              domain == null ? host : domain,
              domain == null,
              path,
              sc.secure(),
              sc.expired() ? 0 : sc.expiresAt(),
              nowMs);
      if (secureOrigin || !shadowsSecure(cookie)) {
        add(cookie, nowMs);
      }
    }
  }

  /**
   * RFC 6265bis 5.7: a name starting {@code __Secure-} needs {@code Secure}; one starting {@code
   * __Host-} also needs no {@code Domain} and {@code Path=/} (both prefixes in any case).
   */
  private static boolean prefixHolds(SetCookie sc) {
    String name = sc.name();
    if (name.regionMatches(true, 0, "__Secure-", 0, 9)) {
      return sc.secure();
    }
    if (name.regionMatches(true, 0, "__Host-", 0, 7)) {
      return sc.secure() && sc.domain() == null && "/".equals(sc.path());
    }
    return true;
  }

  /**
   * RFC 6265bis 5.7 ("leave secure cookies alone"): a cookie from a plain-http response may not
   * overwrite or shadow a {@code Secure} cookie of the same name whose domain matches its own
   * either way and whose path it falls under.
   */
  private boolean shadowsSecure(Cookie cookie) {
    for (List<Cookie> list : byDomain.values()) {
      for (Cookie old : list) {
        if (old.secure()
            && old.name().equals(cookie.name())
            && (domainMatches(old.domain(), cookie.domain())
                || domainMatches(cookie.domain(), old.domain()))
            && pathMatches(cookie.path(), old.path())) {
          return true;
        }
      }
    }
    return false;
  }

  /** https, or a loopback host (which browsers treat as a secure context for cookies). */
  private static boolean secureOrigin(URI uri, String host) {
    return "https".equalsIgnoreCase(uri.getScheme())
        || host.equals("localhost")
        || host.endsWith(".localhost")
        || (host.startsWith("127.") && isIp(host))
        || host.equals("[::1]");
  }

  /**
   * Stores a cookie, replacing the one with the same name, domain and path (whose creation time it
   * keeps); an expired one only removes that one.
   */
  public void add(Cookie cookie, long nowMs) {
    if (cookie.size() > MAX_SIZE) {
      return;
    }
    List<Cookie> list = byDomain.computeIfAbsent(cookie.domain(), d -> new ArrayList<>(2));
    Cookie stored = cookie;
    for (Iterator<Cookie> it = list.iterator(); it.hasNext(); ) {
      Cookie old = it.next();
      if (old.sameSlot(cookie)) {
        it.remove();
        size--;
        changed = true;
        stored = withCreated(cookie, old.created());
      } else if (old.expired(nowMs)) {
        it.remove();
        size--;
        changed = true;
      }
    }
    if (!cookie.expired(nowMs)) {
      list.add(insertionPoint(list, stored.created()), stored);
      size++;
      changed = true;
      if (list.size() > PER_DOMAIN) {
        list.remove(0);
        size--;
      }
      if (size > TOTAL) {
        evictOldest();
      }
    }
    if (list.isEmpty()) {
      byDomain.remove(cookie.domain());
    }
  }

  /** The {@code Cookie} header value for a request to {@code url}, or null when none applies. */
  public String header(String url, long nowMs) {
    URI uri = byDomain.isEmpty() ? null : uri(url);
    if (uri == null) {
      return null;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    boolean https = secureOrigin(uri, host);
    List<Cookie> matches = new ArrayList<>();
    // The host and each of its parent domains: the only domains whose cookies may match.
    for (String domain = host; domain != null; domain = parent(domain)) {
      for (Cookie c : byDomain.getOrDefault(domain, List.of())) {
        if ((!c.hostOnly() || domain.equals(host))
            && (!c.secure() || https)
            && !c.expired(nowMs)
            && pathMatches(path, c.path())) {
          matches.add(c);
        }
      }
      if (isIp(host)) {
        break;
      }
    }
    if (matches.isEmpty()) {
      return null;
    }
    matches.sort(SEND_ORDER);
    StringBuilder b = new StringBuilder();
    for (Cookie c : matches) {
      b.append(b.isEmpty() ? "" : "; ").append(c.name()).append('=').append(c.value());
    }
    return b.toString();
  }

  /** The unexpired cookies, to be saved. */
  public List<Cookie> cookies(long nowMs) {
    List<Cookie> all = new ArrayList<>(size);
    byDomain
        .values()
        .forEach(list -> list.stream().filter(c -> !c.expired(nowMs)).forEach(all::add));
    all.sort(Comparator.comparingLong(Cookie::created));
    return all;
  }

  public int size() {
    return size;
  }

  /** Whether cookies were stored or removed since the last call (then: not any more). */
  public boolean takeChanged() {
    boolean c = changed;
    changed = false;
    return c;
  }

  private void evictOldest() {
    List<Cookie> oldestList = null;
    for (List<Cookie> list : byDomain.values()) {
      if (oldestList == null || list.get(0).created() < oldestList.get(0).created()) {
        oldestList = list;
      }
    }
    Cookie gone = oldestList.remove(0);
    size--;
    if (oldestList.isEmpty()) {
      byDomain.remove(gone.domain());
    }
  }

  private static int insertionPoint(List<Cookie> list, long created) {
    int i = list.size();
    while (i > 0 && list.get(i - 1).created() > created) {
      i--;
    }
    return i;
  }

  private static Cookie withCreated(Cookie c, long created) {
    return new Cookie(
        c.name(),
        c.value(),
        c.domain(),
        c.hostOnly(),
        c.path(),
        c.secure(),
        c.expiresAt(),
        created);
  }

  /** RFC 6265 5.1.3: the host is the domain, or a name under it (never an IP address). */
  static boolean domainMatches(String host, String domain) {
    return host.equals(domain)
        || (host.endsWith(domain)
            && host.charAt(host.length() - domain.length() - 1) == '.'
            && !isIp(host));
  }

  /** RFC 6265 5.1.4. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    return requestPath.equals(cookiePath)
        || (requestPath.startsWith(cookiePath)
            && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/'));
  }

  /** RFC 6265 5.1.4: the directory of the request's path. */
  static String defaultPath(String uriPath) {
    if (uriPath == null || !uriPath.startsWith("/")) {
      return "/";
    }
    int last = uriPath.lastIndexOf('/');
    return last == 0 ? "/" : uriPath.substring(0, last);
  }

  /**
   * A public suffix ("com", "co.uk", "github.io") or a single label, which the list's implicit "*"
   * rule makes one: no cookie may be set for all the sites under it.
   */
  static boolean isPublicSuffix(String domain) {
    if (domain.indexOf('.') < 0) {
      return true;
    }
    if (isIp(domain)) {
      return false;
    }
    EffectiveTldFinder.EffectiveTLD suffix = EffectiveTldFinder.getEffectiveTLD(domain, false);
    return suffix != null && suffix.getDomain().equals(domain);
  }

  private static boolean isIp(String host) {
    return host.startsWith("[") || Character.isDigit(host.charAt(host.length() - 1));
  }

  private static String parent(String domain) {
    int dot = domain.indexOf('.');
    return dot < 0 ? null : domain.substring(dot + 1);
  }

  private static URI uri(String url) {
    try {
      URI uri = UrlNormalizer.requestUri(url); // the URI the request goes to
      return uri.getHost() == null ? null : uri;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
