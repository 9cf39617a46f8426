package io.akkacrawler.cli;

import io.akkacrawler.config.FetchSettings;
import io.akkacrawler.config.ProxySettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.config.TlsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that shape a crawl (scope, limits, fetching like a client, politeness, config), as a
 * mixin.
 */
final class CrawlOptions {
  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description =
          "Follow links up to N hops from the seeds; 0 fetches only the seeds, -1 no"
              + " limit (default).")
  Integer maxDepth;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      description = "Admit at most N URLs (seeds included); 0 = no limit (default).")
  Long maxPages;

  @Option(
      names = "--max-pages-per-host",
      paramLabel = "N",
      description =
          "Admit at most N URLs per host (seeds included; links beyond are not followed);"
              + " 0 = no limit (default).")
  Long maxPagesPerHost;

  @Option(
      names = "--max-time",
      paramLabel = "DURATION",
      description =
          "Stop after this long (30m, 2h, or seconds): the requests in flight finish, the"
              + " summary says what was left, --state keeps it to resume; default no limit.")
  String maxTime;

  @Option(
      names = "--long",
      description =
          "The crawl will be long (tens of thousands of pages): ./crawl compiles with C2 too,"
              + " which costs CPU at first and then ~40%% less per page (--max-pages of 50,000"
              + " or more says so too; a --no-fetch coordinator keeps C1).")
  boolean longCrawl;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      description = "Links followed: host (default), domain, prefix or any.")
  String scope;

  @Option(
      names = "--include",
      paramLabel = "REGEX",
      description =
          "Follow only links matching one of these (repeatable); the seeds are crawled"
              + " whatever the filters say.")
  List<String> include;

  @Option(
      names = "--exclude",
      paramLabel = "REGEX",
      description = "Never follow links matching one of these (repeatable; not the seeds).")
  List<String> exclude;

  @Option(
      names = "--fetchers",
      paramLabel = "N",
      description = "Fetcher actors; default one per core.")
  Integer fetchers;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description = "URLs fetched at once; default 4 per fetcher.")
  Integer maxInFlight;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Deadline of a whole request: seconds (10, 2.5) or with a unit (500ms, 1m);"
              + " default 30s.")
  String timeout;

  @Option(names = "--user-agent", paramLabel = "TEXT", description = "User-Agent header.")
  String userAgent;

  @Option(
      names = "--delay",
      paramLabel = "DURATION",
      description =
          "Least pause between two requests to one host: seconds (1, 0.5, 0) or with a"
              + " unit (250ms); default 1 second.")
  String delay;

  @Option(
      names = "--per-host",
      paramLabel = "N",
      description = "Requests in flight per host (default 1; 0 = no limit).")
  Integer perHost;

  @Option(
      names = "--ignore-robots",
      description = "Do not fetch or obey robots.txt (the summary says so).")
  boolean ignoreRobots;

  @Option(
      names = "--sitemaps",
      description =
          "Also crawl the URLs of the hosts' sitemaps (robots.txt Sitemap: lines,"
              + " else /sitemap.xml).")
  boolean sitemaps;

  @Option(
      names = "--header",
      paramLabel = "'NAME: VALUE'",
      description =
          "Add or replace a request header on every request (repeatable), e.g."
              + " --header 'Accept-Language: de'.")
  List<String> headers;

  @Option(
      names = "--cookies",
      paramLabel = "FILE",
      description =
          "Start with the cookies of a Netscape cookies.txt file (browser exports, wget,"
              + " curl); with --resume, add them to the crawl's.")
  Path cookiesFile;

  @Option(
      names = "--no-cookies",
      description =
          "Keep and send no cookies (by default the crawl keeps the cookies servers set, in"
              + " one jar).")
  boolean noCookies;

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      description =
          "Send every request through this proxy: http://[user:password@]host:port (https"
              + " with CONNECT); '' for none. Default: the http_proxy, https_proxy and no_proxy"
              + " variables.")
  String proxy;

  @Option(
      names = "--no-proxy",
      paramLabel = "HOSTS",
      split = ",",
      description =
          "Hosts reached directly, not through the proxy (as no_proxy; * for every host).")
  List<String> noProxy;

  @Option(
      names = "--insecure",
      description = "Accept any TLS certificate and host name (the summary says so).")
  boolean insecure;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Also trust the CA certificates of this PEM file.")
  Path caFile;

  @Option(
      names = "--http-version",
      paramLabel = "VERSION",
      description = "auto (HTTP/2 over https when the server offers it; default), 1.1 or 2.")
  String httpVersion;

  @Option(
      names = "--content",
      paramLabel = "MODE",
      description =
          "Add each page's content to its record: text (the visible text, as \"text\") or"
              + " html (the decoded HTML, as \"html\"); default none.")
  String content;

  @Option(
      names = "--max-content",
      paramLabel = "SIZE",
      description =
          "Keep at most SIZE of that content per page (512KiB, 2MiB; default 1MiB; 0 = no"
              + " limit); a cut one says \"content_truncated\": true.")
  String maxContent;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON file with settings (over application.conf).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set any config key, e.g. --set fetch.max-body=2MiB (repeatable).")
  List<String> sets = new ArrayList<>();

  /** The {@code --set} pairs, then every flag given, as config overrides. */
  ConfigOverrides overrides() {
    ConfigOverrides overrides = new ConfigOverrides();
    sets.forEach(overrides::set);
    // --proxy '': no proxy at all, the environment's neither (as curl -x "").
    boolean direct = proxy != null && proxy.isBlank();
    return overrides
        .flag("max-depth", maxDepth, "--max-depth")
        .flag("max-pages", maxPages, "--max-pages")
        .flag("max-pages-per-host", maxPagesPerHost, "--max-pages-per-host")
        .durationFlag("max-time", maxTime, "--max-time")
        .flag("scope", scope, "--scope")
        .flag("include", include, "--include")
        .flag("exclude", exclude, "--exclude")
        .flag("fetchers", fetchers, "--fetchers")
        .flag("max-in-flight", maxInFlight, "--max-in-flight")
        .durationFlag("fetch.request-timeout", timeout, "--timeout")
        .flag("fetch.user-agent", userAgent, "--user-agent")
        .durationFlag("politeness.delay", delay, "--delay")
        .flag("politeness.max-per-host", perHost, "--per-host")
        .flag("robots.enabled", ignoreRobots ? Boolean.FALSE : null, "--ignore-robots")
        .flag("sitemaps.enabled", sitemaps ? Boolean.TRUE : null, "--sitemaps")
        .flag("fetch.headers", headerMap(), "--header")
        .flag("fetch.cookies", noCookies ? Boolean.FALSE : null, "--no-cookies")
        .flag(
            "fetch.proxy",
            direct ? null : checked(proxy, p -> ProxySettings.parse(p, "--proxy")),
            "--proxy")
        .flag("fetch.no-proxy", direct ? List.of("*") : noProxy, "--no-proxy")
        .flag("fetch.tls.insecure", insecure ? Boolean.TRUE : null, "--insecure")
        .flag("fetch.tls.ca-file", caFilePath(), "--ca-file")
        .flag(
            "fetch.http-version",
            checked(httpVersion, v -> FetchSettings.HttpVersion.parse(v, "--http-version")),
            "--http-version")
        .flag("parse.content", content, "--content")
        .sizeFlag("parse.max-content", maxContent, "--max-content");
  }

  /**
   * The {@code --header} values by name, each checked; null when none was given. A name given twice
   * (in any case) sends both values, as curl does, joined as one field: {@code ", "} (RFC 9110
   * 5.3), {@code "; "} for {@code Cookie}.
   */
  private Map<String, String> headerMap() {
    if (headers == null) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new SettingsException("--header takes 'NAME: VALUE' (got '" + h + "')");
      }
      String name = h.substring(0, colon).strip();
      String value = h.substring(colon + 1).strip();
      FetchSettings.checkHeader(name, value, "--header '" + h + "'");
      String known = map.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
      String separator = known.equalsIgnoreCase("Cookie") ? "; " : ", ";
      map.merge(known, value, (a, b) -> a + separator + b);
    }
    return map;
  }

  /** The CA file as an absolute path (the crawl's saved settings and workers get it); checked. */
  private String caFilePath() {
    if (caFile == null) {
      return null;
    }
    TlsSettings.readCertificates(caFile, "--ca-file");
    return caFile.toAbsolutePath().toString();
  }

  /** {@code value} after {@code check} accepted it (it throws a one-line error otherwise). */
  private static String checked(String value, java.util.function.Consumer<String> check) {
    if (value != null) {
      check.accept(value);
    }
    return value;
  }
}
