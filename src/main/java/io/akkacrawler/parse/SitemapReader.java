package io.akkacrawler.parse;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import io.akkacrawler.url.UrlNormalizer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one sitemap file (XML, sitemap index, plain text, gzip) with crawler-commons' {@link
 * SiteMapParser}: page URLs and, for an index, the child sitemaps. Pure: bytes in, lists out.
 */
public final class SitemapReader {
  /** What one sitemap file holds; {@code error} is set when it could not be read. */
  public record Sitemap(List<String> urls, List<String> children, String error) {
    public Sitemap {
      urls = List.copyOf(urls);
      children = List.copyOf(children);
    }
  }

  private final UrlNormalizer normalizer;

  public SitemapReader(UrlNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  public Sitemap read(String url, String contentType, byte[] body, int length) {
    // Lenient: real sitemaps list URLs of other hosts and directories; scope decides later.
    SiteMapParser parser = new SiteMapParser(false);
    AbstractSiteMap parsed;
    try {
      byte[] content = length == body.length ? body : Arrays.copyOf(body, length);
      parsed =
          parser.parseSiteMap(
              contentType == null ? "" : contentType, content, URI.create(url).toURL());
    } catch (UnknownFormatException | IOException | IllegalArgumentException e) {
      return new Sitemap(List.of(), List.of(), "bad-sitemap: " + e.getMessage());
    }
    List<String> urls = new ArrayList<>();
    List<String> children = new ArrayList<>();
    if (parsed instanceof SiteMapIndex index) {
      for (AbstractSiteMap child : index.getSitemaps()) {
        add(children, child.getUrl().toString());
      }
    } else if (parsed instanceof SiteMap map) {
      for (SiteMapURL u : map.getSiteMapUrls()) {
        add(urls, u.getUrl().toString());
      }
    }
    return new Sitemap(urls, children, null);
  }

  private void add(List<String> to, String url) {
    String normalized = normalizer.normalize(url);
    if (normalized != null) {
      to.add(normalized);
    }
  }
}
