package io.akkacrawler.url;

import static io.akkacrawler.url.UrlStrings.authorityEnd;
import static io.akkacrawler.url.UrlStrings.defaultPort;
import static io.akkacrawler.url.UrlStrings.hasUpperCase;
import static io.akkacrawler.url.UrlStrings.portColon;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one way a string becomes a URL in the crawl: links, {@code <base href>}, redirects' {@code
 * Location}, sitemaps, robots.txt {@code Sitemap:} lines, seeds and extraction rules all come here.
 * Resolution is the WHATWG URL Standard's ({@link WhatwgUrl}), so the crawl requests exactly what a
 * browser would; the crawl form is the browser's serialization without fragment and credentials,
 * and null when the result is not a crawlable http(s) URL. Immutable and thread-safe.
 */
public final class UrlNormalizer {
  /**
   * Parsing rarely shrinks a URL by more than this factor (dot segments, tabs), so a raw href this
   * much longer than the limit is rejected before it is parsed.
   */
  private static final int RAW_LENGTH_FACTOR = 4;

  private final int maxUrlLength;

  /**
   * A page's base URL, parsed once per page so that resolving each of its links does not parse it
   * again. {@code normalized} is its crawl form, null when the base is not an http(s) URL (a {@code
   * <base href="about:blank">}: links then resolve as a browser would against it). {@code
   * queryEncoding} is the page's encoding when it is not UTF-8 (null otherwise): a browser encodes
   * the query of a page's links in it.
   */
  public record Base(String normalized, WhatwgUrl url, Charset queryEncoding) {}

  public UrlNormalizer(int maxUrlLength) {
    if (maxUrlLength <= 0) {
      throw new IllegalArgumentException("maxUrlLength must be positive, got " + maxUrlLength);
    }
    this.maxUrlLength = maxUrlLength;
  }

  /**
   * The crawl form of an absolute http(s) URL, or null when the URL is unusable (another scheme, no
   * host, rejected by the URL parser, or longer than the limit).
   */
  public String normalize(String absoluteUrl) {
    return crawlForm(parse(absoluteUrl, null, null));
  }

  /** Parses a page's URL as the base for its links; null when the page URL itself is unusable. */
  public Base base(String documentUrl) {
    return base(documentUrl, null);
  }

  /**
   * The base of the links of a page decoded with {@code encoding} (null: UTF-8): the queries of its
   * links are encoded in it, as a browser encodes them (UTF-16 pages use UTF-8).
   */
  public Base base(String documentUrl, Charset encoding) {
    WhatwgUrl url = parse(documentUrl, null, null);
    String normalized = crawlForm(url);
    return normalized == null ? null : new Base(normalized, url, urlEncoding(encoding));
  }

  private static Charset urlEncoding(Charset encoding) {
    if (encoding == null
        || encoding.equals(StandardCharsets.UTF_8)
        || encoding.name().startsWith("UTF-16")) {
      return null;
    }
    return encoding;
  }

  /**
   * The base of a page's links given its first {@code <base href>} (HTML's "frozen base URL"): the
   * href parsed against the page's URL, whatever its scheme; the page's own base when the href does
   * not parse or is a {@code data:} or {@code javascript:} URL.
   */
  public Base withBaseHref(Base page, String baseHref) {
    if (page == null || baseHref == null) {
      return page;
    }
    WhatwgUrl url = parse(baseHref, page.url(), page.queryEncoding());
    if (url == null || url.scheme().equals("data") || url.scheme().equals("javascript")) {
      return page;
    }
    return new Base(crawlForm(url), url, page.queryEncoding());
  }

  /**
   * Resolves an href found on a page as a browser does, in crawl form; null for empty hrefs,
   * non-http(s) schemes ({@code javascript:}, {@code mailto:}, ...) and anything the URL Standard
   * rejects. With a null base only absolute http(s) hrefs resolve.
   */
  public String resolve(Base base, String href) {
    if (href == null || isEmptyUrl(href)) {
      return null; // an empty href is the page itself: nothing new to crawl
    }
    String simple = base == null ? null : simpleRelative(base, href);
    return simple != null ? simple : resolveParsed(base, href);
  }

  /** {@link #resolve} by the URL parser alone (the tests compare the shortcut with it). */
  String resolveParsed(Base base, String href) {
    return base == null
        ? crawlForm(parse(href, null, null))
        : crawlForm(parse(href, base.url(), base.queryEncoding()));
  }

  /**
   * Whether {@code href} is nothing but C0 controls and spaces, which the URL parser strips: the
   * page itself. (An em space or a no-break space is a character of the URL, as in browsers.)
   */
  private static boolean isEmptyUrl(String href) {
    for (int i = 0; i < href.length(); i++) {
      if (href.charAt(i) > ' ') {
        return false;
      }
    }
    return true;
  }

  /**
   * The most common href, a relative path of plain characters ({@code ../lang/String.html}, {@code
   * intro.html#setup}, {@code page.html?id=3}), resolved without the parser: the base's directory
   * and the href's segments with {@code .} and {@code ..} applied as the URL Standard's path state
   * does. Null when the href is anything else (or the result too long): the parser decides those.
   * Gives exactly what the parser gives (a test compares them on random input).
   */
  private String simpleRelative(Base base, String href) {
    String baseForm = base.normalized();
    // A path relative to the base's directory, or to the root ("/docs/a.html", not "//host/").
    boolean fromRoot = href.charAt(0) == '/' && href.length() > 1 && plainStart(href.charAt(1));
    if (baseForm == null
        || base.url().hasOpaquePath()
        || !(fromRoot || plainStart(href.charAt(0)))) {
      return null;
    }
    int end = href.length();
    int query = -1;
    for (int i = 0; i < href.length(); i++) {
      char c = href.charAt(i);
      if (c == '#') {
        end = i;
        break;
      }
      if (c == '?' && query < 0) {
        query = i;
      } else if (!(plainStart(c) || c == '/' || (query >= 0 && (c == '=' || c == '&')))) {
        return null;
      }
    }
    String basePath = base.url().path();
    StringBuilder path = new StringBuilder(basePath.length() + end);
    if (fromRoot) {
      path.append('/');
    } else {
      path.append(basePath, 0, basePath.lastIndexOf('/') + 1); // the base's directory and '/'
    }
    int pathEnd = query >= 0 ? query : end;
    int start = fromRoot ? 1 : 0;
    while (start <= pathEnd) {
      int slash = href.indexOf('/', start);
      int segEnd = slash < 0 || slash > pathEnd ? pathEnd : slash;
      boolean last = segEnd == pathEnd;
      int len = segEnd - start;
      if (len == 2 && href.charAt(start) == '.' && href.charAt(start + 1) == '.') {
        int cut = path.lastIndexOf("/", path.length() - 2); // drop the last segment, keep root
        path.setLength(cut < 0 ? 1 : cut + 1);
      } else if (!(len == 1 && href.charAt(start) == '.')) {
        path.append(href, start, segEnd);
        if (!last) {
          path.append('/');
        }
      }
      start = segEnd + 1;
    }
    int authorityEnd = baseForm.indexOf('/', baseForm.indexOf("://") + 3);
    String result =
        baseForm.substring(0, authorityEnd < 0 ? baseForm.length() : authorityEnd)
            + path
            + (query >= 0 ? href.substring(query, end) : "");
    return result.length() > maxUrlLength ? null : result;
  }

  /**
   * A character a plain relative path may start with (and hold): unreserved, not a dot-free '/'.
   */
  private static boolean plainStart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_'
        || c == '~';
  }

  private WhatwgUrl parse(String input, WhatwgUrl base, Charset queryEncoding) {
    if (input == null || input.length() > (long) maxUrlLength * RAW_LENGTH_FACTOR) {
      return null;
    }
    try {
      return WhatwgUrl.parse(input, base, queryEncoding).orElse(null);
    } catch (RuntimeException e) {
      return null; // hostile input must never take a fetcher down
    }
  }

  /** The browser's serialization without fragment and credentials, if an http(s) URL fits. */
  private String crawlForm(WhatwgUrl url) {
    if (url == null || !url.isHttp() || url.host() == null || url.host().isEmpty()) {
      return null;
    }
    String href = url.href();
    if (url.fragment() != null) {
      href = href.substring(0, href.length() - url.fragment().length() - 1);
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      // Credentials are not part of what is requested (and are not ours to record).
      StringBuilder b = new StringBuilder(href.length());
      b.append(url.scheme()).append("://").append(url.host());
      if (url.port() >= 0) {
        b.append(':').append(url.port());
      }
      b.append(url.path());
      if (url.query() != null) {
        b.append('?').append(url.query());
      }
      href = b.toString();
    }
    return href.length() > maxUrlLength ? null : href;
  }

  /**
   * The URI to request for a URL in crawl form. The URL Standard leaves some characters as they are
   * that {@code java.net.URI} refuses ({@code | \\ ^ ` { } " < >}, a {@code %} without two hex
   * digits: a path's {@code |}, the bytes of a Shift_JIS query): those are sent percent-encoded,
   * which a server decodes to the same bytes. The crawl keeps the URL as it was.
   */
  public static URI requestUri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      int authority = url.indexOf("://");
      int start = url.indexOf('/', authority < 0 ? 0 : authority + 3);
      if (start < 0) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      StringBuilder b = new StringBuilder(url.length() + 16).append(url, 0, start);
      for (int i = start; i < url.length(); i++) {
        char c = url.charAt(i);
        if (c == '%'
            ? i + 2 < url.length()
                && PercentEncoding.hexValue(url.charAt(i + 1)) >= 0
                && PercentEncoding.hexValue(url.charAt(i + 2)) >= 0
            : c > ' ' && c < 0x7F && "|\\^`{}\"<>[]".indexOf(c) < 0) {
          b.append(c);
        } else if (c < 0x80) {
          PercentEncoding.appendByte(b, c);
        } else {
          i = PercentEncoding.append(b, url, i, PercentEncoding.C0); // UTF-8, as always
        }
      }
      return URI.create(b.toString());
    }
  }

  /**
   * Returns {@code scheme://host:port} of a normalized URL with the default port filled in, the key
   * of its per-host queue. Throws IllegalArgumentException when the input has no authority.
   */
  public static String hostKey(String normalizedUrl) {
    int sep = normalizedUrl.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("not an absolute URL: " + normalizedUrl);
    }
    int start = sep + 3;
    int end = authorityEnd(normalizedUrl, start);
    int hostStart = Math.max(start, normalizedUrl.lastIndexOf('@', end - 1) + 1);
    String key =
        hostStart == start
            ? normalizedUrl.substring(0, end)
            : normalizedUrl.substring(0, start) + normalizedUrl.substring(hostStart, end);
    if (portColon(key, key.length() - (end - hostStart)) < 0) {
      key = key + ':' + defaultPort(normalizedUrl, sep);
    }
    return hasUpperCase(key) ? key.toLowerCase(Locale.ROOT) : key;
  }
}
