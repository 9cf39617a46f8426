package io.akkacrawler.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.akkacrawler.cookies.Cookie;
import io.akkacrawler.url.Scope;
import io.akkacrawler.url.ScopeMode;
import io.akkacrawler.url.UrlNormalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Everything one crawl needs to know, read once from the {@code crawler} section of a HOCON config
 * plus the seed URLs and the cookies the crawl starts with. Immutable, so it can be handed to every
 * actor (and, later, to other nodes).
 *
 * @param cookies put in the crawl's cookie jar when it starts (from a cookies.txt file)
 */
public record CrawlSettings(
    List<String> seeds,
    int maxDepth,
    long maxPages,
    long maxPagesPerHost,
    Duration maxTime,
    ScopeMode scope,
    List<String> include,
    List<String> exclude,
    int maxUrlLength,
    int maxPathRepeats,
    boolean followEchoes,
    int fetchers,
    int maxInFlight,
    Duration dispatchDeadline,
    int maxRedispatches,
    PolitenessSettings politeness,
    RobotsSettings robots,
    SitemapSettings sitemaps,
    FetchSettings fetch,
    RetrySettings retry,
    ParseSettings parse,
    Duration flushInterval,
    Duration progressIntervalTty,
    Duration progressIntervalLog,
    List<Cookie> cookies) {

  /** The root key of every crawler setting. */
  public static final String ROOT = "crawler";

  /** Sub-trees whose keys are the user's own (rule names, Akka dispatcher settings). */
  private static final List<String> FREE_FORM =
      List.of("parse.extract", "fetch.headers", "fetcher-dispatcher", "io-dispatcher");

  public CrawlSettings {
    seeds = List.copyOf(seeds);
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    cookies = List.copyOf(cookies);
  }

  /** Reads the settings from {@code config} (which must include the reference defaults). */
  public static CrawlSettings load(Config config, List<String> seeds) {
    try {
      Config c = config.getConfig(ROOT);
      rejectUnknownKeys(c);
      int fetchers = Checks.atLeast(c, "fetchers", 0);
      if (fetchers == 0) {
        fetchers = Runtime.getRuntime().availableProcessors();
      }
      int maxInFlight = Checks.atLeast(c, "max-in-flight", 0);
      if (maxInFlight == 0) {
        maxInFlight = 4 * fetchers;
      }
      CrawlSettings settings =
          new CrawlSettings(
              validSeeds(seeds),
              Checks.atLeast(c, "max-depth", -1),
              Checks.atLeast(c, "max-pages", 0),
              Checks.atLeast(c, "max-pages-per-host", 0),
              Checks.notNegative(c, "max-time"),
              scopeMode(c.getString("scope")),
              regexes(c, "include"),
              regexes(c, "exclude"),
              Checks.between(c, "max-url-length", 16, MAX_URL_LENGTH),
              Checks.atLeast(c, "max-path-repeats", 0),
              c.getBoolean("follow-echoes"),
              fetchers,
              maxInFlight,
              Checks.positive(c, "dispatch-deadline"),
              Checks.atLeast(c, "max-redispatches", 0),
              new PolitenessSettings(
                  Checks.atLeast(c, "politeness.max-per-host", 0),
                  c.getDuration("politeness.delay"),
                  c.getDouble("politeness.delay-factor"),
                  c.getDuration("politeness.max-delay"),
                  Checks.positive(c, "politeness.throttle-pause"),
                  Checks.positive(c, "politeness.max-throttle-pause"),
                  Checks.atLeast(c, "politeness.breaker-failures", 1),
                  Checks.positive(c, "politeness.breaker-pause"),
                  Checks.atLeast(c, "politeness.breaker-max-trips", 1)),
              new RobotsSettings(
                  c.getBoolean("robots.enabled"),
                  c.getString("robots.agent").trim().toLowerCase(Locale.ROOT),
                  Checks.positive(c, "robots.cache-ttl"),
                  c.getDuration("robots.max-crawl-delay"),
                  c.getBytes("robots.max-bytes"),
                  Checks.positive(c, "robots.retry-pause"),
                  Checks.atLeast(c, "robots.max-attempts", 1),
                  c.getBoolean("robots.honor-rel-nofollow")),
              new SitemapSettings(
                  c.getBoolean("sitemaps.enabled"),
                  c.getBytes("sitemaps.max-bytes"),
                  Checks.atLeast(c, "sitemaps.max-files-per-host", 1)),
              FetchSettings.load(c),
              new RetrySettings(
                  Checks.atLeast(c, "retry.max-attempts", 1),
                  c.getDuration("retry.base-delay"),
                  c.getDuration("retry.max-delay"),
                  c.getDuration("retry.retry-after-cap")),
              new ParseSettings(
                  Checks.atLeast(c, "parse.max-links-per-page", 0),
                  extractionRules(c),
                  ParseSettings.Content.parse(c.getString("parse.content")),
                  c.getBytes("parse.max-content"),
                  Checks.atLeast(c, "parse.max-tags-per-page", 0)),
              Checks.positive(c, "output.flush-interval"),
              Checks.positive(c, "progress.interval-tty"),
              Checks.positive(c, "progress.interval-log"),
              List.of());
      if (settings.dispatchDeadline.compareTo(settings.fetch.requestTimeout()) <= 0) {
        throw new SettingsException(
            "crawler.dispatch-deadline must be longer than crawler.fetch.request-timeout");
      }
      checkLengths(settings.seeds, settings.maxUrlLength);
      return settings;
    } catch (ConfigException e) {
      throw new SettingsException(oneLine(e.getMessage()));
    }
  }

  /** The settings of {@code ConfigFactory.load()} (reference.conf, application.conf, -D). */
  public static CrawlSettings load(List<String> seeds) {
    return load(ConfigFactory.load(), seeds);
  }

  /** Which links the crawl follows: its scope mode around the seeds, include, exclude, traps. */
  public Scope crawlScope(UrlNormalizer normalizer) {
    return Scope.of(scope, seeds, include, exclude, maxPathRepeats, normalizer);
  }

  /** A copy with other seeds. */
  public CrawlSettings withSeeds(List<String> newSeeds) {
    List<String> valid = validSeeds(newSeeds);
    checkLengths(valid, maxUrlLength);
    return copy(valid, cookies);
  }

  /**
   * A copy whose crawl starts with these cookies in its jar (a cookies.txt file); a resumed crawl
   * adds them to the cookies it kept.
   */
  public CrawlSettings withCookies(List<Cookie> newCookies) {
    return copy(seeds, newCookies);
  }

  private CrawlSettings copy(List<String> newSeeds, List<Cookie> newCookies) {
    return new CrawlSettings(
        newSeeds,
        maxDepth,
        maxPages,
        maxPagesPerHost,
        maxTime,
        scope,
        include,
        exclude,
        maxUrlLength,
        maxPathRepeats,
        followEchoes,
        fetchers,
        maxInFlight,
        dispatchDeadline,
        maxRedispatches,
        politeness,
        robots,
        sitemaps,
        fetch,
        retry,
        parse,
        flushInterval,
        progressIntervalTty,
        progressIntervalLog,
        newCookies);
  }

  private static void rejectUnknownKeys(Config c) {
    // Unresolved: the resolved reference has the system properties merged in (-Dcrawler.nope=1).
    Config reference = ConfigFactory.defaultReferenceUnresolved().getConfig(ROOT);
    for (Map.Entry<String, ConfigValue> entry : c.entrySet()) {
      String path = entry.getKey();
      boolean freeForm = FREE_FORM.stream().anyMatch(p -> path.startsWith(p + "."));
      if (!freeForm && !reference.hasPathOrNull(path)) {
        String origin = entry.getValue().origin().description();
        throw new SettingsException(
            "unknown config key '"
                + ROOT
                + "."
                + path
                + "'"
                + (origin == null || origin.isBlank() ? "" : " (" + origin + ")"));
      }
    }
  }

  private static void checkLengths(List<String> seeds, int maxUrlLength) {
    for (String seed : seeds) {
      if (seed.length() > maxUrlLength) {
        throw new SettingsException(
            "seed URL longer than crawler.max-url-length ("
                + seed.length()
                + " > "
                + maxUrlLength
                + " characters): "
                + seed.substring(0, 60)
                + "...");
      }
    }
  }

  private static List<String> validSeeds(List<String> seeds) {
    List<String> valid = new ArrayList<>(seeds.size());
    for (String seed : seeds) {
      valid.add(checkSeed(seed));
    }
    return valid;
  }

  /**
   * A seed as given, stripped, if it is an http(s) URL with a host.
   *
   * @throws SettingsException saying what is wrong, with a suggestion for a URL without a scheme
   */
  public static String checkSeed(String seed) {
    String s = seed.strip();
    if (!s.contains("://") && LOOKS_LIKE_HOST.matcher(s).lookingAt()) {
      String scheme = LOCAL_HOST.matcher(s).lookingAt() ? "http://" : "https://";
      throw new SettingsException(
          "invalid seed URL '" + seed + "': it has no scheme; did you mean " + scheme + s + " ?");
    }
    // Parsed as a browser would (the URL Standard): the crawl requests what it was given.
    var url = io.akkacrawler.url.WhatwgUrl.parse(s, (io.akkacrawler.url.WhatwgUrl) null);
    if (url.isEmpty()) {
      throw new SettingsException("invalid seed URL '" + seed + "': it is not a valid URL");
    }
    if (!url.get().isHttp()) {
      throw new SettingsException(
          "invalid seed URL '" + seed + "': only http and https URLs can be crawled");
    }
    return s;
  }

  /** {@code example.com}, {@code example.com/docs}, {@code localhost:8080/x}: a host, no scheme. */
  private static final Pattern LOOKS_LIKE_HOST =
      Pattern.compile(
          "(localhost|\\[[0-9a-fA-F:.]+\\]|[\\p{L}0-9-]+(\\.[\\p{L}0-9-]+)+)(:\\d+)?(/|\\?|#|$)");

  private static final Pattern LOCAL_HOST = Pattern.compile("(localhost|127\\.|\\[::1\\])");

  private static ScopeMode scopeMode(String value) {
    try {
      return ScopeMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(e.getMessage());
    }
  }

  private static List<String> regexes(Config c, String key) {
    List<String> list = c.getStringList(key);
    for (String regex : list) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new SettingsException(
            "crawler."
                + key
                + ": invalid regular expression '"
                + regex
                + "': "
                + e.getDescription());
      }
    }
    return list;
  }

  private static List<ExtractionRule> extractionRules(Config c) {
    Config extract = c.getConfig("parse.extract");
    List<ExtractionRule> rules = new ArrayList<>();
    // A HOCON object keeps no key order: take the order in which the rules were written.
    List<String> names = new ArrayList<>(extract.root().keySet());
    names.sort(
        Comparator.comparing((String n) -> lineOf(extract.root().get(n)))
            .thenComparing(Comparator.naturalOrder()));
    for (String name : names) {
      ConfigValue value = extract.root().get(name);
      ExtractionRule rule;
      if (value.valueType() == ConfigValueType.STRING) {
        rule = new ExtractionRule(name, (String) value.unwrapped(), null, false);
      } else if (value.valueType() == ConfigValueType.OBJECT) {
        Config r = extract.getConfig(ConfigUtil.joinPath(name));
        for (String key : r.root().keySet()) {
          if (!List.of("selector", "attribute", "all").contains(key)) {
            throw new SettingsException(
                "unknown config key 'crawler.parse.extract."
                    + name
                    + "."
                    + key
                    + "' (a rule has selector, attribute, all)");
          }
        }
        rule =
            new ExtractionRule(
                name,
                r.getString("selector"),
                r.hasPath("attribute") ? r.getString("attribute") : null,
                r.hasPath("all") && r.getBoolean("all"));
      } else {
        throw new SettingsException(
            "crawler.parse.extract." + name + " must be a CSS selector string or an object");
      }
      try {
        QueryParser.parse(rule.selector());
      } catch (Selector.SelectorParseException | IllegalArgumentException e) {
        throw new SettingsException(
            "crawler.parse.extract." + name + ": invalid CSS selector '" + rule.selector() + "'");
      }
      rules.add(rule);
    }
    return rules;
  }

  private static int lineOf(ConfigValue value) {
    int line = value.origin().lineNumber();
    return line < 0 ? Integer.MAX_VALUE : line;
  }

  /** URLs are stored with DataOutput.writeUTF, which takes at most 64 KiB. */
  private static final int MAX_URL_LENGTH = 16_384;

  static String oneLine(String message) {
    return message == null ? "invalid configuration" : message.replaceAll("\\s*\\R\\s*", " ");
  }
}
