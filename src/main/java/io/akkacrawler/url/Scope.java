package io.akkacrawler.url;

import crawlercommons.domains.EffectiveTldFinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a normalized URL belongs to the crawl: the scope mode relative to the seeds, then
 * the include and exclude regexes. Immutable and thread-safe; everything about the seeds is
 * computed once so that a check is a few set look-ups.
 */
public final class Scope {
  private final ScopeMode mode;
  private final Set<String> seedHosts;
  private final Set<String> seedDomains;

  /** Seed directories without their scheme, e.g. "example.com/docs/": http and https both match. */
  private final Set<String> seedPrefixes;

  private final List<Pattern> includes;
  private final List<Pattern> excludes;

  /** Most times a run of path segments may come back to back ({@link PathRepeats}); 0: any. */
  private final int maxPathRepeats;

  /** A scope without a bound on repeated path segments. */
  public Scope(
      ScopeMode mode,
      List<String> normalizedSeeds,
      List<String> includeRegexes,
      List<String> excludeRegexes) {
    this(mode, normalizedSeeds, includeRegexes, excludeRegexes, 0);
  }

  public Scope(
      ScopeMode mode,
      List<String> normalizedSeeds,
      List<String> includeRegexes,
      List<String> excludeRegexes,
      int maxPathRepeats) {
    this.maxPathRepeats = maxPathRepeats;
    this.mode = Objects.requireNonNull(mode, "mode");
    Set<String> hosts = new HashSet<>();
    Set<String> domains = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    for (String seed : normalizedSeeds) {
      String host = UrlStrings.host(seed);
      if (!isHttp(seed) || host == null || host.isEmpty()) {
        throw new IllegalArgumentException("seed is not an http(s) URL: " + seed);
      }
      hosts.add(host);
      if (mode == ScopeMode.DOMAIN) {
        // Only this mode reads the public suffix list: loading it took 0.15 s of a short crawl.
        domains.add(domainOf(host));
      }
      prefixes.add(directoryOf(seed));
    }
    this.seedHosts = Set.copyOf(hosts);
    this.seedDomains = Set.copyOf(domains);
    this.seedPrefixes = Set.copyOf(prefixes);
    this.includes = includeRegexes.stream().map(Pattern::compile).toList();
    this.excludes = excludeRegexes.stream().map(Pattern::compile).toList();
  }

  /**
   * The scope of a crawl: its mode around the seeds (normalized here), include and exclude, and the
   * most back-to-back repeats of a run of path segments.
   */
  public static Scope of(
      ScopeMode mode,
      List<String> givenSeeds,
      List<String> include,
      List<String> exclude,
      int maxPathRepeats,
      UrlNormalizer normalizer) {
    List<String> seeds = new ArrayList<>();
    for (String seed : givenSeeds) {
      String normalized = normalizer.normalize(seed);
      if (normalized != null) {
        seeds.add(normalized);
      }
    }
    return new Scope(mode, seeds, include, exclude, maxPathRepeats);
  }

  /** Whether the crawl should follow this normalized URL. */
  public boolean allows(String normalizedUrl) {
    if (normalizedUrl == null || !isHttp(normalizedUrl) || !inMode(normalizedUrl)) {
      return false;
    }
    if (!includes.isEmpty() && !anyFinds(includes, normalizedUrl)) {
      return false;
    }
    return !anyFinds(excludes, normalizedUrl) && !PathRepeats.exceed(normalizedUrl, maxPathRepeats);
  }

  private static boolean anyFinds(List<Pattern> patterns, String url) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(url).find()) {
        return true;
      }
    }
    return false;
  }

  private boolean inMode(String url) {
    return switch (mode) {
      case HOST -> seedHosts.contains(UrlStrings.host(url));
      case DOMAIN -> seedDomains.contains(domainOf(UrlStrings.host(url)));
      case PREFIX -> hasSeedPrefix(url);
      case ANY -> true;
    };
  }

  /** Tries each directory of the URL's path against the seed set, shortest first. */
  private boolean hasSeedPrefix(String url) {
    int start = url.indexOf("://") + 3;
    int pathStart = UrlStrings.authorityEnd(url, start);
    int pathEnd = url.indexOf('?', pathStart);
    if (pathEnd < 0) {
      pathEnd = url.length();
    }
    for (int slash = url.indexOf('/', pathStart);
        slash >= 0 && slash < pathEnd;
        slash = url.indexOf('/', slash + 1)) {
      if (seedPrefixes.contains(url.substring(start, slash + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The seed's URL without scheme, up to and including the last '/' of its path: the directory a
   * PREFIX crawl stays in.
   */
  private static String directoryOf(String seed) {
    int start = seed.indexOf("://") + 3;
    int pathStart = UrlStrings.authorityEnd(seed, start);
    int query = seed.indexOf('?', pathStart);
    int lastSlash = seed.lastIndexOf('/', query < 0 ? seed.length() - 1 : query);
    if (lastSlash < pathStart) {
      return seed.substring(start, pathStart) + '/'; // not normalized: "http://host" has no path
    }
    return seed.substring(start, lastSlash + 1);
  }

  /**
   * The registered domain ("example.co.uk" for "blog.example.co.uk"); IP addresses, "localhost" and
   * other hosts without a public suffix stand for themselves.
   */
  private static String domainOf(String host) {
    if (host.indexOf('.') < 0 || Character.isDigit(host.charAt(host.length() - 1))) {
      return host; // no public suffix ends in a digit, so this is an IPv4 address
    }
    String domain = EffectiveTldFinder.getAssignedDomain(host, true, false);
    return domain == null ? host : domain;
  }

  private static boolean isHttp(String url) {
    return url.startsWith("http://") || url.startsWith("https://");
  }
}
