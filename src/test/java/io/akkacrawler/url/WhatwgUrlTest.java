package io.akkacrawler.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs web-platform-tests' urltestdata.json (see src/test/resources/wpt/README.md) against {@link
 * WhatwgUrl}, checks the pass rates the crawler relies on, and fuzzes {@link
 * WhatwgUrl#resolveHttp}.
 */
class WhatwgUrlTest {
  /** Cases deliberately not run, by input, each with the reason. */
  private static final Map<String, String> SKIPPED = Map.of();

  /** One entry of the table: base may be null; expected is null for failure cases. */
  record Case(String input, String base, JsonNode expected) {
    boolean failure() {
      return expected == null;
    }

    boolean expectsHttp() {
      return !failure()
          && (expected.get("href").asText().startsWith("http:")
              || expected.get("href").asText().startsWith("https:"));
    }

    @Override
    public String toString() {
      return input + (base == null ? "" : " against " + base);
    }
  }

  static List<Case> cases() {
    try (InputStream in = WhatwgUrlTest.class.getResourceAsStream("/wpt/urltestdata.json")) {
      List<Case> cases = new ArrayList<>();
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        if (!entry.isObject()) {
          continue; // the table's comments are plain strings
        }
        String base = entry.get("base").isNull() ? null : entry.get("base").asText();
        boolean failure = entry.path("failure").asBoolean(false);
        cases.add(new Case(entry.get("input").asText(), base, failure ? null : entry));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> table() {
    return cases().stream().map(c -> Arguments.of(c));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("table")
  void parsesLikeTheUrlStandard(Case c) {
    assumeFalse(SKIPPED.containsKey(c.input()), () -> SKIPPED.get(c.input()));
    Optional<WhatwgUrl> url = WhatwgUrl.parse(c.input(), c.base());
    if (c.failure()) {
      assertTrue(url.isEmpty(), () -> "should fail, parsed as " + url.get().href());
      return;
    }
    assertTrue(url.isPresent(), "should parse");
    JsonNode e = c.expected();
    WhatwgUrl u = url.get();
    assertEquals(e.get("href").asText(), u.href(), "href");
    assertEquals(e.get("protocol").asText(), u.scheme() + ":", "protocol");
    assertEquals(e.get("hostname").asText(), u.host() == null ? "" : u.host(), "hostname");
    assertEquals(e.get("port").asText(), u.port() < 0 ? "" : Integer.toString(u.port()), "port");
    assertEquals(e.get("pathname").asText(), u.path(), "pathname");
    assertEquals(e.get("search").asText(), search(u), "search");
    assertEquals(e.get("hash").asText(), hash(u), "hash");
  }

  /** The URL API's search getter: "" for a null or empty query. */
  private static String search(WhatwgUrl u) {
    return u.query() == null || u.query().isEmpty() ? "" : "?" + u.query();
  }

  private static String hash(WhatwgUrl u) {
    return u.fragment() == null || u.fragment().isEmpty() ? "" : "#" + u.fragment();
  }

  private static boolean passes(Case c) {
    Optional<WhatwgUrl> url = WhatwgUrl.parse(c.input(), c.base());
    return c.failure()
        ? url.isEmpty()
        : url.isPresent() && url.get().href().equals(c.expected().get("href").asText());
  }

  @Test
  void passesNearlyAllHttpCasesAndRejectsNearlyAllFailures() {
    int http = 0;
    int httpPassed = 0;
    int failures = 0;
    int rejected = 0;
    int passed = 0;
    List<Case> all = cases();
    for (Case c : all) {
      boolean ok = passes(c);
      passed += ok ? 1 : 0;
      if (c.failure()) {
        failures++;
        rejected += ok ? 1 : 0;
      } else if (c.expectsHttp()) {
        http++;
        httpPassed += ok ? 1 : 0;
      }
    }
    String summary =
        String.format(
            "http(s) %d/%d, failures rejected %d/%d, all %d/%d",
            httpPassed, http, rejected, failures, passed, all.size());
    System.out.println("urltestdata.json: " + summary);
    assertTrue(httpPassed >= 0.99 * http, summary);
    assertTrue(rejected >= 0.97 * failures, summary);
  }

  @Test
  void resolvesHrefsAgainstAPageWithoutTheFragment() {
    WhatwgUrl base = WhatwgUrl.parse("http://example.com/a/b.html?q#f", (WhatwgUrl) null).get();
    assertEquals("http://example.com/a/c.html", WhatwgUrl.resolveHttp("c.html#x", base));
    assertEquals("http://example.com/c", WhatwgUrl.resolveHttp("../../c", base));
    assertEquals("http://example.com/a/b.html?q", WhatwgUrl.resolveHttp("#top", base));
    assertEquals("https://xn--fa-hia.example/", WhatwgUrl.resolveHttp("https://faß.example", base));
    assertNull(WhatwgUrl.resolveHttp("mailto:x@y.z", base));
    assertNull(WhatwgUrl.resolveHttp("javascript:void(0)", base));
    assertNull(WhatwgUrl.resolveHttp("http://exa mple.com/", base));
    assertNull(WhatwgUrl.resolveHttp("page.html", null));
  }

  @Test
  void resolveHttpNeverThrowsOnRandomHrefs() {
    Random random = new Random(20_240_601L);
    String[] pieces = {
      "http:",
      "https:",
      "HTTP://",
      "//",
      "/",
      "\\",
      "..",
      ".",
      "%2e",
      "%",
      "%zz",
      "?",
      "#",
      "@",
      ":",
      "[",
      "]",
      "::1",
      "0x7f",
      "127.0.0.1",
      "xn--",
      "faß",
      "ß",
      "\u200d",
      "\u0600",
      "é",
      "\uD83D\uDE00",
      "\uD800",
      "\t",
      " ",
      "\u0000",
      "a",
      "b",
      "example.com",
      "file:",
      "C|",
      "mailto:",
      "foo:",
      ";",
      "=",
      "&",
      "80",
      ":65536",
      "\u3002",
      "\uFF0E",
      "%41",
      "%00",
      "|"
    };
    List<WhatwgUrl> bases = new ArrayList<>();
    bases.add(null);
    for (String b : List.of("http://example.com/a/b?c#d", "https://[::1]:8443/", "file:///C:/x")) {
      bases.add(WhatwgUrl.parse(b, (WhatwgUrl) null).orElseThrow());
    }
    int resolved = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder href = new StringBuilder();
      int count = 1 + random.nextInt(8);
      for (int j = 0; j < count; j++) {
        href.append(pieces[random.nextInt(pieces.length)]);
      }
      String result = WhatwgUrl.resolveHttp(href.toString(), bases.get(random.nextInt(4)));
      if (result != null) {
        resolved++;
        assertTrue(result.startsWith("http"), result);
      }
    }
    assertTrue(resolved > 0);
  }
}
