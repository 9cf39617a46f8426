package io.akkacrawler.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hrefs resolved as browsers do (the WHATWG URL Standard), in crawl form. */
class UrlNormalizerTest {
  private static final String PAGE = "http://example.com/a/b/c.html?x=1";

  private final UrlNormalizer normalizer = new UrlNormalizer(2048);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          d.html                          | http://example.com/a/b/d.html
          ../d.html                       | http://example.com/a/d.html
          ./d.html                        | http://example.com/a/b/d.html
          ../../../../d.html              | http://example.com/d.html
          ..                              | http://example.com/a/
          .                               | http://example.com/a/b/
          /root                           | http://example.com/root
          /a/b/../../..                   | http://example.com/
          http://other.org/x              | http://other.org/x
          //other.org/p?q=1               | http://other.org/p?q=1
          //other.org                     | http://other.org/
          ?q=2                            | http://example.com/a/b/c.html?q=2
          #section                        | http://example.com/a/b/c.html?x=1
          d.html#section                  | http://example.com/a/b/d.html
          d.html?b=2&a=1                  | http://example.com/a/b/d.html?b=2&a=1
          HTTP://WWW.Example.COM/Path     | http://www.example.com/Path
          http://example.com:80/x         | http://example.com/x
          https://example.com:443/x       | https://example.com/x
          http://example.com:8080/x       | http://example.com:8080/x
          https://example.com:80/x        | https://example.com:80/x
          'a b.html'                      | http://example.com/a/b/a%20b.html
          ü.html                          | http://example.com/a/b/%C3%BC.html
          'a|b'                           | 'http://example.com/a/b/a|b'
          100%                            | http://example.com/a/b/100%
          %7Efoo/%41                      | http://example.com/a/b/%7Efoo/%41
          \\x\\y                          | http://example.com/x/y
          http:rel.html                   | http://example.com/a/b/rel.html
          http://münchen.de/              | http://xn--mnchen-3ya.de/
          http://user:secret@example.com/ | http://example.com/
          javascript:void(0)              | NULL
          JavaScript:alert(1)             | NULL
          mailto:someone@example.com      | NULL
          tel:+15555550123                | NULL
          'data:text/html,<p>hi</p>'      | NULL
          ftp://example.com/file          | NULL
          https:other-scheme-relative     | https://other-scheme-relative/
          ''                              | NULL
          '   '                           | NULL
          http://                         | NULL
          http:///path                    | http://path/
          'http://exa mple.com/'          | NULL
          http://example.com:99999/       | NULL
          http://example.com:0/           | http://example.com:0/
          http://[::1]:8080/              | http://[::1]:8080/
          http://[::1                     | NULL
          http://ho%2Fst/                 | NULL
          ///test                         | http://test/
          http://0x7f.1/                  | http://127.0.0.1/
          http://faß.example/             | http://xn--fa-hia.example/
          a//                             | http://example.com/a/b/a//
          /foo/%2e./%2e%2e/.%2e/%2e.bar   | http://example.com/%2e.bar
          """)
  void resolvesHrefsAsTheUrlStandardDoes(String href, String expected) {
    assertEquals(expected, normalizer.resolve(normalizer.base(PAGE), href));
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          http://example.com           | ?q=1   | http://example.com/?q=1
          http://example.com           | a.html | http://example.com/a.html
          http://example.com           | #top   | http://example.com/
          http://example.com/dir/      | ?q=1   | http://example.com/dir/?q=1
          http://example.com/p?b=2&a=1 | #top   | http://example.com/p?b=2&a=1
          http://example.com/p?b=2&a=1 | ?c=3   | http://example.com/p?c=3
          http://example.com/p?b=2&a=1 | ''     | NULL
          https://example.com/dir/p    | //cdn.example.net/x | https://cdn.example.net/x
          """)
  void resolvesAgainstBasesWithEmptyPathsAndQueries(String page, String href, String expected) {
    assertEquals(expected, normalizer.resolve(normalizer.base(page), href));
  }

  @Test
  void dropsTabsAndLineBreaksInsideHrefs() {
    assertEquals(
        "http://example.com/a/b/wrapped.html",
        normalizer.resolve(normalizer.base(PAGE), "\n\t  wrap\nped.html\r\n"));
  }

  @Test
  void resolvesOnlyAbsoluteHrefsWithoutBase() {
    assertNull(normalizer.base("mailto:someone@example.com"));
    assertEquals("http://example.com/x", normalizer.resolve(null, "http://example.com/x"));
    assertNull(normalizer.resolve(null, "relative.html"));
    assertNull(normalizer.resolve(null, "#top"));
    assertNull(normalizer.resolve(normalizer.base(PAGE), null));
  }

  @Test
  void baseHoldsTheNormalizedPageUrl() {
    UrlNormalizer.Base base = normalizer.base("HTTP://Example.com:80/a/./b/c.html?x=1#top");
    assertNotNull(base);
    assertEquals(PAGE, base.normalized());
    assertEquals(PAGE + "#top", base.url().href());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          HTTP://Example.COM:80/a/./b/../c?b=2&a=1#x | http://example.com/a/c?b=2&a=1
          '  http://example.com/  '                  | http://example.com/
          https://example.com                        | https://example.com/
          https://example.com:443                    | https://example.com/
          http://example.com?                        | http://example.com/?
          http://example.com/a?q=x y                 | http://example.com/a?q=x%20y
          http://example.com//a//b                   | http://example.com//a//b
          http://EXAMPLE.com./                       | http://example.com./
          http://example.com/%7e%2Fx                 | http://example.com/%7e%2Fx
          example.com/no-scheme                      | NULL
          /relative/path                             | NULL
          file:///etc/passwd                         | NULL
          ''                                         | NULL
          http://%zz/                                | NULL
          http:example.com/no-slashes                | http://example.com/no-slashes
          """)
  void normalizesAbsoluteUrls(String url, String expected) {
    assertEquals(expected, normalizer.normalize(url));
  }

  @Test
  void rejectsUrlsLongerThanTheLimitAfterNormalization() {
    UrlNormalizer short40 = new UrlNormalizer(40);
    String fits = "http://example.com/" + "a".repeat(21);
    assertEquals(40, fits.length());
    assertEquals(fits, short40.normalize(fits));
    assertNull(short40.normalize(fits + "a"));
    // Measured after normalization: the default port and dot segments do not count.
    assertEquals(fits, short40.normalize("http://example.com:80/x/../" + "a".repeat(21)));
    assertNull(short40.resolve(short40.base("http://example.com/"), "a".repeat(30)));
    assertNull(short40.normalize("http://example.com/" + "a".repeat(1_000_000)));
  }

  @Test
  void neverThrowsOnHostileInput() {
    String[] hostile = {
      null,
      "http://\u0000/",
      "http://" + "x".repeat(300) + "\u00fc.com/",
      "http://a..b/",
      "http://%/",
      "http://[/",
      "http://example.com/%",
      "http://example.com:-1/",
      "http://example.com:80:80/",
      "https://#",
      "http://?",
      "\uFFFF\uD800",
    };
    for (String url : hostile) {
      String normalized = normalizer.normalize(url);
      if (normalized != null) {
        UrlNormalizer.hostKey(normalized);
      }
      normalizer.resolve(normalizer.base(PAGE), url);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://example.com/            | http://example.com:80
          https://example.com/x?y=/z     | https://example.com:443
          http://example.com:8080/x      | http://example.com:8080
          https://example.com:8443       | https://example.com:8443
          http://example.com?q=1         | http://example.com:80
          HTTP://Example.COM/            | http://example.com:80
          http://user@example.com/a@b    | http://example.com:80
          http://10.0.0.1:3128/          | http://10.0.0.1:3128
          """)
  void hostKeyHasSchemeHostAndExplicitPort(String url, String expected) {
    assertEquals(expected, UrlNormalizer.hostKey(url));
  }

  @Test
  void hostKeyRejectsUrlsWithoutAuthority() {
    assertThrows(IllegalArgumentException.class, () -> UrlNormalizer.hostKey("example.com/x"));
    assertThrows(IllegalArgumentException.class, () -> UrlNormalizer.hostKey("ftp://example.com/"));
  }

  @Test
  void rejectsNonPositiveLimit() {
    assertThrows(IllegalArgumentException.class, () -> new UrlNormalizer(0));
  }

  /**
   * Relative hrefs of plain characters are resolved without the parser: on random hrefs over the
   * characters that matter (dots, slashes, queries, fragments, and the ones that send an href to
   * the parser) against random bases, the shortcut and the parser agree on every one.
   */
  @org.junit.jupiter.api.Test
  void theShortcutForPlainRelativeHrefsResolvesAsTheParserDoes() {
    java.util.Random random = new java.util.Random(20261202);
    String[] bases = {
      "http://example.com/",
      "http://example.com/a/b/c.html?x=1",
      "https://user:pw@Example.COM:8443/a/b/",
      "http://example.com:80/deep/er/and/deeper/page",
      "http://127.0.0.1:8088/openjdk/api/java.base/java/lang/String.html#method",
      "http://example.com/a//b/./c/../d.html",
      "http://xn--fa-hia.example/%7Euser/index.html"
    };
    String alphabet = "ab.././/-_~?=&#Z9% :\\\t@;";
    UrlNormalizer shortLimit = new UrlNormalizer(40);
    int shortcut = 0;
    for (int i = 0; i < 200_000; i++) {
      UrlNormalizer n = i % 10 == 0 ? shortLimit : normalizer;
      UrlNormalizer.Base base = n.base(bases[random.nextInt(bases.length)]);
      StringBuilder href = new StringBuilder();
      int length = 1 + random.nextInt(14);
      for (int j = 0; j < length; j++) {
        href.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String h = href.toString();
      if (h.isBlank()) {
        continue; // the page itself: resolve answers null before either way is tried
      }
      String expected = n.resolveParsed(base, h);
      assertEquals(expected, n.resolve(base, h), () -> "href '" + h + "' against " + base);
      if (h.chars().allMatch(c -> Character.isLetterOrDigit(c) || "./-_~".indexOf(c) >= 0)) {
        shortcut++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(shortcut > 10_000, "plain hrefs were tried");
  }

  @Test
  void encodesTheQueryOfALinkInItsPagesEncoding() {
    UrlNormalizer.Base jis = normalizer.base(PAGE, Charset.forName("ISO-2022-JP"));
    // A stateful encoding: the escape into JIS X 0208 and back out, around the whole query.
    assertEquals("http://example.com/a/b/d?q=%1B$BF|%1B(B&r", normalizer.resolve(jis, "d?q=日&r"));
    assertEquals(
        "http://example.com/a/b/d?q=%1B$BF|%1B(B%26%23233%3B%1B$BF|%1B(Bx",
        normalizer.resolve(jis, "d?q=日é日x"), "back to ASCII before a character the encoding lacks");
    UrlNormalizer.Base cyrillic = normalizer.base(PAGE, Charset.forName("windows-1251"));
    assertEquals(
        "http://example.com/a/b/%D1%8F?%FF%20%27",
        normalizer.resolve(cyrillic, "я?я '#я"),
        "the path and fragment stay UTF-8; a special URL's query encodes the apostrophe");
    UrlNormalizer.Base based = normalizer.withBaseHref(cyrillic, "/base/?я");
    assertEquals(
        "http://example.com/base/?%FF", normalizer.resolve(based, "#top"), "the base href too");
    assertEquals(
        "http://example.com/base/x?%FF", normalizer.resolve(based, "x?я"), "and links after it");
    assertEquals(
        "http://example.com/a/b/c.html?%D1%8F",
        normalizer.resolve(normalizer.base(PAGE, StandardCharsets.UTF_16LE), "?я"),
        "a UTF-16 page's links are UTF-8");
  }

  @Test
  void requestsWhatJavaNetUriRefusesPercentEncodedAndTheRestAsItIs() {
    assertEquals(
        "http://h.test/a?q=%95%5C&r=%26%2365%3B",
        UrlNormalizer.requestUri("http://h.test/a?q=%95\\&r=%26%2365%3B").toString(),
        "a Shift_JIS query's trail byte 0x5C");
    assertEquals(
        "http://h.test/a%7Cb/%7B%7D%5E%60?x=%22%3C%3E",
        UrlNormalizer.requestUri("http://h.test/a|b/{}^`?x=\"<>").toString());
    assertEquals(
        "http://h.test/bad%25zz%25?%41",
        UrlNormalizer.requestUri("http://h.test/bad%zz%?%41").toString());
    assertEquals(
        "https://h.test:8443/plain/path?q=1&r=a+b",
        UrlNormalizer.requestUri("https://h.test:8443/plain/path?q=1&r=a+b").toString());
  }
}
