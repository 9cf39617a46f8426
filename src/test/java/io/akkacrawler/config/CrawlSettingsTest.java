package io.akkacrawler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.url.ScopeMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrawlSettingsTest {
  private static final List<String> SEEDS = List.of("http://site.test/");

  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
  }

  private static CrawlSettings load(String hocon) {
    return CrawlSettings.load(config(hocon), SEEDS);
  }

  private static SettingsException rejected(String hocon) {
    return assertThrows(SettingsException.class, () -> load(hocon));
  }

  private static void assertMentions(SettingsException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void defaultsComeFromTheReferenceConfig() {
    CrawlSettings s = load("");
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(SEEDS, s.seeds());
    assertEquals(cores, s.fetchers());
    assertEquals(4 * cores, s.maxInFlight());
    assertEquals(ScopeMode.HOST, s.scope());
    assertEquals(-1, s.maxDepth());
    assertEquals(0, s.maxPages());
    assertEquals(List.of(), s.include());
    assertEquals(List.of(), s.exclude());
    assertEquals(Duration.ofSeconds(30), s.fetch().requestTimeout());
    assertEquals(10L * 1024 * 1024, s.fetch().maxBodyBytes());
    assertEquals(3, s.retry().maxAttempts());
    assertEquals(List.of(), s.parse().extract());
  }

  @Test
  void maxInFlightDefaultsToFourPerConfiguredFetcher() {
    CrawlSettings s = load("crawler.fetchers = 3");
    assertEquals(3, s.fetchers());
    assertEquals(12, s.maxInFlight());
  }

  @Test
  void explicitMaxInFlightIsKept() {
    assertEquals(5, load("crawler { fetchers = 3, max-in-flight = 5 }").maxInFlight());
  }

  @Test
  void parsesDurationsAndSizes() {
    CrawlSettings s =
        load(
            "crawler { fetch.max-body = 2MiB, fetch.max-decoded-body = 3 MB,"
                + " fetch.connect-timeout = 1500ms, politeness.delay = 2s,"
                + " retry.max-delay = 1m, output.flush-interval = 250ms }");
    assertEquals(2_097_152, s.fetch().maxBodyBytes());
    assertEquals(3_000_000, s.fetch().maxDecodedBytes());
    assertEquals(Duration.ofMillis(1500), s.fetch().connectTimeout());
    assertEquals(Duration.ofSeconds(2), s.politeness().delay());
    assertEquals(Duration.ofMinutes(1), s.retry().maxDelay());
    assertEquals(Duration.ofMillis(250), s.flushInterval());
  }

  @ParameterizedTest
  @ValueSource(strings = {"domain", "PREFIX", " any "})
  void readsScopeModeInAnyCase(String mode) {
    assertEquals(
        ScopeMode.valueOf(mode.strip().toUpperCase(Locale.ROOT)),
        load("crawler.scope = \"" + mode + "\"").scope());
  }

  @Test
  void rejectsUnknownScopeMode() {
    assertMentions(rejected("crawler.scope = planet"), "planet");
  }

  @Test
  void rejectsMisspelledKeyNamingIt() {
    assertMentions(rejected("crawler.fetch.timeoutt = 5s"), "crawler.fetch.timeoutt");
  }

  @Test
  void rejectsUnknownTopLevelKeyNamingIt() {
    assertMentions(rejected("crawler.max-deph = 3"), "crawler.max-deph");
  }

  @Test
  void allowsFreeFormKeysUnderExtractAndDispatchers() {
    CrawlSettings s =
        load(
            "crawler { parse.extract.headline = h1,"
                + " fetcher-dispatcher.fork-join-executor.parallelism-max = 8,"
                + " fetcher-dispatcher.some-akka-setting = on,"
                + " io-dispatcher.thread-pool-executor.fixed-pool-size = 4 }");
    assertEquals(List.of(new ExtractionRule("headline", "h1", null, false)), s.parse().extract());
  }

  private static final String THREE_RULES =
      "crawler.parse.extract {\n"
          + "  headline = \"h1\"\n"
          + "  images { selector = \"img\", attribute = src, all = true }\n"
          + "  author { selector = \"meta[name=author]\", attribute = content }\n"
          + "}";

  @Test
  void readsExtractionRulesInStringAndObjectForm() {
    assertEquals(
        Set.of(
            new ExtractionRule("headline", "h1", null, false),
            new ExtractionRule("images", "img", "src", true),
            new ExtractionRule("author", "meta[name=author]", "content", false)),
        Set.copyOf(load(THREE_RULES).parse().extract()));
  }

  @Test
  void keepsExtractionRulesInConfigOrder() {
    List<String> names =
        load(THREE_RULES).parse().extract().stream().map(ExtractionRule::name).toList();
    assertEquals(List.of("headline", "images", "author"), names);
  }

  @Test
  void rejectsUnknownKeyInsideARuleObject() {
    assertMentions(
        rejected("crawler.parse.extract.links { selector = a, atribute = href }"),
        "crawler.parse.extract.links.atribute");
  }

  @Test
  void rejectsRuleObjectWithoutSelector() {
    rejected("crawler.parse.extract.links { attribute = href }");
  }

  @Test
  void rejectsRuleThatIsNeitherStringNorObject() {
    assertMentions(rejected("crawler.parse.extract.links = [a, b]"), "crawler.parse.extract.links");
  }

  @ParameterizedTest
  @ValueSource(strings = {"div[", "a:nth-child(x)", ">>>", ""})
  void rejectsInvalidCssSelectorNamingTheRule(String selector) {
    assertMentions(
        rejected("crawler.parse.extract.broken-rule = \"" + selector + "\""),
        "crawler.parse.extract.broken-rule");
  }

  @Test
  void readsClientThreadsAsAutoOrACount() {
    assertEquals(-1, load("").fetch().clientThreads());
    assertEquals(0, load("crawler.fetch.client-threads = 0").fetch().clientThreads());
    assertEquals(4, load("crawler.fetch.client-threads = \"4\"").fetch().clientThreads());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "257", "many", "1.5"})
  void rejectsClientThreadsThatAreNotAutoOrACount(String value) {
    assertMentions(
        rejected("crawler.fetch.client-threads = \"" + value + "\""),
        "crawler.fetch.client-threads",
        "auto",
        value);
  }

  @Test
  void readsIncludeAndExcludeRegexes() {
    CrawlSettings s =
        load("crawler { \"include\" = [\"/docs/\"], exclude = [\"\\\\.pdf$\", \"[?&]sort=\"] }");
    assertEquals(List.of("/docs/"), s.include());
    assertEquals(List.of("\\.pdf$", "[?&]sort="), s.exclude());
  }

  @Test
  void rejectsInvalidExcludeRegexNamingIt() {
    assertMentions(
        rejected("crawler.exclude = [\"ok\", \"(unclosed\"]"), "crawler.exclude", "(unclosed");
  }

  @Test
  void rejectsInvalidIncludeRegex() {
    assertMentions(rejected("crawler { \"include\" = [\"*.html\"] }"), "crawler.include");
  }

  @Test
  void wrongValueTypeIsAOneLineError() {
    SettingsException e = rejected("crawler.max-depth = deep");
    assertMentions(e, "max-depth");
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void multiLineConfigErrorsAreJoinedOnOneLine() {
    assertEquals("a b c", CrawlSettings.oneLine("a\n  b\r\nc"));
  }

  @Test
  void rejectsDepthBelowMinusOne() {
    assertMentions(rejected("crawler.max-depth = -2"), "crawler.max-depth");
  }

  @Test
  void rejectsNonPositiveTimeout() {
    assertMentions(rejected("crawler.fetch.connect-timeout = 0s"), "crawler.fetch.connect-timeout");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://x/", "not a url", "http://", "http://exa mple.com/", "mailto:me@site.test"})
  void rejectsSeedsThatCannotBeCrawledNamingThem(String seed) {
    SettingsException e =
        assertThrows(SettingsException.class, () -> CrawlSettings.load(config(""), List.of(seed)));
    assertMentions(e, seed);
  }

  @Test
  void aSeedMustFitTheUrlLengthLimit() {
    String seed = "http://a.test/" + "x".repeat(3000);
    assertMentions(
        assertThrows(SettingsException.class, () -> CrawlSettings.load(config(""), List.of(seed))),
        "crawler.max-url-length");
    CrawlSettings longer =
        CrawlSettings.load(config("crawler.max-url-length = 4000"), List.of(seed));
    assertEquals(List.of(seed), longer.seeds());
    assertThrows(SettingsException.class, () -> load("").withSeeds(List.of(seed)));
  }

  @Test
  void keepsValidSeedsInOrderWithoutSurroundingSpace() {
    CrawlSettings s =
        CrawlSettings.load(config(""), List.of(" https://b.test/x ", "HTTP://a.test/"));
    assertEquals(List.of("https://b.test/x", "HTTP://a.test/"), s.seeds());
  }

  @ParameterizedTest
  @ValueSource(strings = {"30s", "10s"})
  void rejectsDispatchDeadlineNotLongerThanRequestTimeout(String deadline) {
    assertMentions(
        rejected("crawler { fetch.request-timeout = 30s, dispatch-deadline = " + deadline + " }"),
        "crawler.dispatch-deadline");
  }

  @Test
  void acceptsDispatchDeadlineLongerThanRequestTimeout() {
    CrawlSettings s = load("crawler { fetch.request-timeout = 30s, dispatch-deadline = 31s }");
    assertEquals(Duration.ofSeconds(31), s.dispatchDeadline());
  }

  @Test
  void withSeedsValidatesTheNewSeeds() {
    CrawlSettings s = load("crawler.max-depth = 2");
    assertEquals(List.of("http://other.test/"), s.withSeeds(List.of("http://other.test/")).seeds());
    assertEquals(2, s.withSeeds(List.of("http://other.test/")).maxDepth());
    assertThrows(SettingsException.class, () -> s.withSeeds(List.of("ftp://x/")));
  }
}
