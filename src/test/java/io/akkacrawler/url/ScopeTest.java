package io.akkacrawler.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {
  private static Scope scope(ScopeMode mode, String... seeds) {
    return new Scope(mode, List.of(seeds), List.of(), List.of());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://example.com/other      | true
          https://example.com/          | true
          http://example.com:8080/admin | true
          http://www.example.com/       | false
          http://blog.example.com/      | false
          http://example.org/           | false
          http://example.com.evil.net/  | false
          ftp://example.com/            | false
          """)
  void hostModeKeepsTheSeedHostWhateverSchemeAndPort(String url, boolean allowed) {
    assertEquals(allowed, scope(ScopeMode.HOST, "http://example.com/start").allows(url));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://example.co.uk/            | true
          http://blog.example.co.uk/       | true
          https://a.b.example.co.uk/x      | true
          http://other.co.uk/              | false
          http://co.uk/                    | false
          http://example.co.uk.evil.com/   | false
          http://example.com/              | false
          https://alice.github.io/         | true
          https://www.alice.github.io/     | true
          https://bob.github.io/           | false
          http://10.0.0.1/x                | true
          http://10.0.0.2/                 | false
          http://localhost:9000/           | true
          http://intranet/                 | false
          """)
  void domainModeKeepsTheSeedsRegisteredDomains(String url, boolean allowed) {
    Scope scope =
        scope(
            ScopeMode.DOMAIN,
            "https://www.example.co.uk/",
            "https://alice.github.io/",
            "http://10.0.0.1:8080/",
            "http://localhost/");
    assertEquals(allowed, scope.allows(url));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://example.com/docs/                 | true
          http://example.com/docs/index.html       | true
          http://example.com/docs/api/x.html?q=1   | true
          https://example.com/docs/x               | true
          http://example.com/docs                  | false
          http://example.com/documents/            | false
          http://example.com/                      | false
          http://example.com/other/docs/           | false
          http://example.com/x?next=/docs/         | false
          http://example.com:8080/docs/x           | false
          http://www.example.com/docs/             | false
          https://example.org/                     | true
          https://example.org/anything/below       | true
          """)
  void prefixModeKeepsUrlsBelowTheSeedDirectory(String url, boolean allowed) {
    Scope scope =
        scope(ScopeMode.PREFIX, "http://example.com/docs/index.html", "https://example.org/blog");
    assertEquals(allowed, scope.allows(url));
  }

  @Test
  void prefixOfASeedWithQueryEndsAtItsPath() {
    Scope scope = scope(ScopeMode.PREFIX, "http://example.com/a/list?from=/b/c");
    assertTrue(scope.allows("http://example.com/a/item"));
    assertFalse(scope.allows("http://example.com/b/c/item"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          http://anything.net/          | true
          https://elsewhere.org:8443/x  | true
          ftp://anything.net/           | false
          mailto:someone@example.com    | false
          NULL                          | false
          """)
  void anyModeKeepsEveryHttpUrl(String url, boolean allowed) {
    assertEquals(allowed, scope(ScopeMode.ANY, "http://example.com/").allows(url));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://example.com/a.html                 | true
          http://example.com/articles/1             | true
          http://example.com/a.php                  | false
          http://example.com/private/a.html         | false
          http://example.com/articles/1?sessionid=2 | false
          http://other.com/a.html                   | false
          """)
  void includesMustMatchAndExcludesMustNot(String url, boolean allowed) {
    Scope scope =
        new Scope(
            ScopeMode.HOST,
            List.of("http://example.com/"),
            List.of("\\.html$", "/articles/"),
            List.of("[?&]sessionid=", "/private/"));
    assertEquals(allowed, scope.allows(url));
  }

  @Test
  void excludesAloneLeaveEverythingElseIn() {
    Scope scope =
        new Scope(ScopeMode.ANY, List.of("http://example.com/"), List.of(), List.of("\\.pdf$"));
    assertTrue(scope.allows("http://example.com/report.html"));
    assertFalse(scope.allows("http://example.com/report.pdf"));
  }

  @Test
  void rejectsBadSeedsAndRegexes() {
    assertThrows(IllegalArgumentException.class, () -> scope(ScopeMode.HOST, "ftp://example.com/"));
    assertThrows(
        PatternSyntaxException.class,
        () -> new Scope(ScopeMode.ANY, List.of(), List.of("(unclosed"), List.of()));
  }

  @Test
  void leavesOutAPathThatRepeatsARunOfSegmentsMoreThanAllowed() {
    Scope scope =
        new Scope(ScopeMode.HOST, List.of("http://example.com/docs/"), List.of(), List.of(), 2);
    assertTrue(scope.allows("http://example.com/docs/x/y/x/y/"));
    assertFalse(scope.allows("http://example.com/docs/x/y/x/y/x/y/"));
    assertTrue(scope(ScopeMode.HOST, "http://example.com/").allows("http://example.com/a/a/a/"));
  }
}
