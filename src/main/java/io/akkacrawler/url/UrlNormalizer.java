package io.akkacrawler.url;

import static io.akkacrawler.url.UrlStrings.authorityEnd;
import static io.akkacrawler.url.UrlStrings.backslashesToSlashes;
import static io.akkacrawler.url.UrlStrings.clean;
import static io.akkacrawler.url.UrlStrings.defaultPort;
import static io.akkacrawler.url.UrlStrings.hasHostCharacters;
import static io.akkacrawler.url.UrlStrings.hasHttpAuthority;
import static io.akkacrawler.url.UrlStrings.hasUpperCase;
import static io.akkacrawler.url.UrlStrings.isHttpScheme;
import static io.akkacrawler.url.UrlStrings.isUriReference;
import static io.akkacrawler.url.UrlStrings.portColon;
import static io.akkacrawler.url.UrlStrings.schemeEnd;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Turns absolute URLs and page hrefs into the one normal form the crawl keys on, or null when a URL
 * is not a crawlable http(s) URL. Immutable and thread-safe; normalization proper is
 * crawler-commons' {@link BasicURLNormalizer}, this class adds the checks and the browser-like
 * resolution around it.
 */
public final class UrlNormalizer {
  /**
   * Percent-decoding and dot-segment removal rarely shrink a URL by more than this factor, so a raw
   * URL this much longer than the limit is rejected before the (comparatively costly) normalizer.
   */
  private static final int RAW_LENGTH_FACTOR = 4;

  private final BasicURLNormalizer normalizer = new BasicURLNormalizer();
  private final int maxUrlLength;

  /**
   * A page's base URL, parsed once per page so that resolving each of its links does not parse it
   * again. {@code normalized} is the base in normal form, {@code uri} and {@code url} the same URL
   * as the two JDK types used for strict and lenient resolution.
   */
  public record Base(String normalized, URI uri, URL url) {}

  public UrlNormalizer(int maxUrlLength) {
    if (maxUrlLength <= 0) {
      throw new IllegalArgumentException("maxUrlLength must be positive, got " + maxUrlLength);
    }
    this.maxUrlLength = maxUrlLength;
  }

  /**
   * Returns the normal form of an absolute http(s) URL, without fragment, or null when the URL is
   * unusable (other scheme, no host, malformed, or longer than the limit once normalized).
   */
  public String normalize(String absoluteUrl) {
    if (absoluteUrl == null) {
      return null;
    }
    String url = clean(absoluteUrl);
    if (url.length() > (long) maxUrlLength * RAW_LENGTH_FACTOR) {
      return null;
    }
    int colon = schemeEnd(url);
    if (colon < 0 || !isHttpScheme(url, colon) || !url.startsWith("//", colon + 1)) {
      return null;
    }
    int hash = url.indexOf('#');
    if (hash >= 0) {
      url = url.substring(0, hash);
    }
    if (url.length() <= maxUrlLength && UrlStrings.isCanonical(url)) {
      return url; // what the normalizer would return, without its several URI/URL parses
    }
    int authorityStart = colon + 3;
    int authorityEnd = authorityEnd(url, authorityStart);
    if (authorityEnd == authorityStart) {
      return null; // no host: the normalizer would happily return "http:///path"
    }
    if (!hasHostCharacters(url, authorityStart, authorityEnd)) {
      return null; // caught here because the normalizer logs every malformed URL at INFO
    }
    String normalized;
    try {
      normalized = normalizer.filter(url);
    } catch (RuntimeException e) {
      // URI, URL, IDN and URLDecoder inside it can all throw on hostile input: unusable.
      return null;
    }
    if (normalized == null || normalized.length() > maxUrlLength || !hasHttpAuthority(normalized)) {
      return null;
    }
    return normalized;
  }

  /** Parses a page's URL as the base for its links; null when the page URL itself is unusable. */
  public Base base(String documentUrl) {
    String normalized = normalize(documentUrl);
    if (normalized == null) {
      return null;
    }
    try {
      URI uri = new URI(normalized);
      return new Base(normalized, uri, uri.toURL());
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Resolves an href found on a page the way a browser would and normalizes the result; null for
   * empty hrefs, non-http(s) schemes ({@code javascript:}, {@code mailto:}, ...) and anything that
   * does not make a valid URL. With a null base only absolute http(s) hrefs resolve.
   */
  public String resolve(Base base, String href) {
    if (href == null) {
      return null;
    }
    String ref = clean(href);
    if (ref.isEmpty()) {
      return null;
    }
    if (ref.indexOf('\\') >= 0) {
      ref = backslashesToSlashes(ref);
    }
    if (ref.charAt(0) == '#') {
      return base == null ? null : base.normalized();
    }
    int colon = schemeEnd(ref);
    if (colon >= 0) {
      if (!isHttpScheme(ref, colon)) {
        return null;
      }
      if (ref.startsWith("//", colon + 1)) {
        return normalize(ref);
      }
      // "http:page.html" is relative when the base has the same scheme, as in browsers.
      if (base == null || !base.normalized().regionMatches(true, 0, ref, 0, colon + 1)) {
        return null;
      }
      ref = ref.substring(colon + 1);
      if (ref.isEmpty()) {
        return base.normalized();
      }
    }
    if (base == null) {
      return null;
    }
    if (ref.charAt(0) == '?') {
      // URI.resolve and URL(URL, String) both drop the last path segment here (RFC 2396);
      // RFC 3986 and browsers keep the base path and replace only the query.
      String baseUrl = base.normalized();
      int query = baseUrl.indexOf('?');
      return normalize((query < 0 ? baseUrl : baseUrl.substring(0, query)) + ref);
    }
    if (isUriReference(ref)) {
      try {
        return normalize(base.uri().resolve(ref).toString());
      } catch (IllegalArgumentException e) {
        // The scan passes a few strings URI still rejects ("a#b#c", "1:x"); the lenient
        // parser below copes with them.
      }
    }
    try {
      return normalize(new URL(base.url(), ref).toString());
    } catch (MalformedURLException | RuntimeException e) {
      return null;
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
