package io.akkacrawler.cookies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieJarTest {
  private static final long NOW = 1_700_000_000_000L;

  private final CookieJar jar = new CookieJar();

  private void set(String url, String... headers) {
    jar.receive(url, List.of(headers), NOW);
  }

  /** Which request URLs get a cookie that {@code setBy} set with {@code header}. */
  @ParameterizedTest(name = "[{index}] {1} set by {0}, sent to {2}: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // host-only: the setting host only, not its subdomains
        "http://example.com/    | a=1                        | http://example.com/x       | true",
        "http://example.com/    | a=1                        | http://www.example.com/    | false",
        // Domain: the domain and every name under it
        "http://www.example.com/| a=1; Domain=example.com    | http://example.com/        | true",
        "http://www.example.com/| a=1; Domain=.example.com   | http://a.b.example.com/    | true",
        "http://www.example.com/| a=1; Domain=example.com    | http://notexample.com/     | false",
        // a Domain that does not cover the setting host is refused
        "http://example.com/    | a=1; Domain=other.com      | http://other.com/          | false",
        "http://example.com/    | a=1; Domain=www.example.com| http://www.example.com/    | false",
        // public suffixes: refused, unless it is the host itself (then host-only)
        "http://www.example.co.uk/| a=1; Domain=co.uk        | http://other.co.uk/        | false",
        "http://foo.github.io/  | a=1; Domain=github.io      | http://bar.github.io/      | false",
        "http://site.internal/  | a=1; Domain=internal       | http://other.internal/     | false",
        "http://github.io/      | a=1; Domain=github.io      | http://github.io/          | true",
        "http://github.io/      | a=1; Domain=github.io      | http://x.github.io/        | false",
        // IP addresses match only themselves
        "http://127.0.0.1:8080/ | a=1                        | http://127.0.0.1:9090/     | true",
        "http://127.0.0.1/      | a=1; Domain=0.0.1          | http://127.0.0.1/          | false",
        // default path: the directory of the setting URL
        "http://example.com/docs/page | a=1                   | http://example.com/docs/x  | true",
        "http://example.com/docs/page | a=1                   | http://example.com/other   | false",
        "http://example.com/docs/page | a=1                   | http://example.com/docs    | true",
        "http://example.com/page      | a=1                   | http://example.com/x/y     | true",
        // Path: a prefix at a segment boundary
        "http://example.com/    | a=1; Path=/docs            | http://example.com/docs/a  | true",
        "http://example.com/    | a=1; Path=/docs            | http://example.com/docsx   | false",
        "http://example.com/    | a=1; Path=/docs/           | http://example.com/docs/a  | true",
        "http://example.com/    | a=1; Path=docs             | http://example.com/x       | true",
        // Secure: over https only
        "https://example.com/   | a=1; Secure                | https://example.com/       | true",
        "https://example.com/   | a=1; Secure                | http://example.com/        | false",
        // ... and set over https only, as browsers do (loopback hosts count as https)
        "http://example.com/    | a=1; Secure                | https://example.com/       | false",
        "http://localhost:8080/ | a=1; Secure                | http://localhost:8080/     | true",
        "http://127.0.0.1:8080/ | a=1; Secure                | http://127.0.0.1:8080/     | true",
        "http://127.example.com/| a=1; Secure                | https://127.example.com/   | false",
        // name prefixes: __Secure- needs Secure; __Host- also no Domain and Path=/
        "https://example.com/   | __Secure-a=1; Secure       | https://example.com/       | true",
        "https://example.com/   | __Secure-a=1               | https://example.com/       | false",
        "https://example.com/   | __secure-a=1               | https://example.com/       | false",
        "https://example.com/   | __Host-a=1; Secure; Path=/ | https://example.com/       | true",
        "https://example.com/   | __Host-a=1; Secure         | https://example.com/       | false",
        "https://www.example.com/| __Host-a=1; Secure; Path=/; Domain=example.com | https://www.example.com/ | false",
        "https://example.com/   | __HOST-a=1; Path=/         | https://example.com/       | false",
        // expiry
        "http://example.com/    | a=1; Max-Age=60            | http://example.com/        | true",
        "http://example.com/    | a=1; Max-Age=0             | http://example.com/        | false",
        "http://example.com/    | a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT | http://example.com/ | false",
        "http://example.com/    | a=1; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT | http://example.com/ | true",
        "http://example.com/    | a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT | http://example.com/ | true",
        // not a cookie
        "http://example.com/    | novalue                    | http://example.com/        | false",
        "http://example.com/    | =1                         | http://example.com/        | false",
      })
  void storesAndSendsAsRfc6265Says(String setBy, String header, String request, boolean sent) {
    set(setBy, header);
    String expected =
        header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
    assertEquals(sent ? expected : null, jar.header(request, NOW));
  }

  @Test
  void plainHttpCannotOverwriteOrShadowASecureCookie() {
    set("https://www.example.com/", "sid=secret; Secure; Domain=example.com");
    set("http://www.example.com/", "sid=forged");
    set("http://example.com/", "sid=forged; Path=/deeper");
    set("http://www.example.com/", "other=1");
    assertEquals("other=1; sid=secret", jar.header("https://www.example.com/deeper/", NOW));
    set("https://www.example.com/", "sid=renewed; Domain=example.com");
    assertEquals("other=1; sid=renewed", jar.header("https://www.example.com/", NOW));
  }

  @Test
  void anExpiredCookieIsNotSentAndALaterOneReplacesAnEarlier() {
    set("http://example.com/", "a=1; Max-Age=10", "b=2");
    assertEquals("a=1; b=2", jar.header("http://example.com/", NOW));
    assertEquals("b=2", jar.header("http://example.com/", NOW + 10_000));

    set("http://example.com/", "b=3");
    assertEquals("a=1; b=3", jar.header("http://example.com/", NOW));
    set("http://example.com/", "a=gone; Max-Age=0");
    assertEquals("b=3", jar.header("http://example.com/", NOW));
  }

  @Test
  void longerPathsGoFirstThenOlderCookies() {
    jar.receive("http://example.com/", List.of("old=1"), NOW);
    jar.receive("http://example.com/", List.of("young=2"), NOW + 1);
    jar.receive("http://example.com/", List.of("deep=3; Path=/a/b"), NOW + 2);
    assertEquals("deep=3; old=1; young=2", jar.header("http://example.com/a/b/c", NOW + 3));
  }

  @Test
  void aReplacedCookieKeepsItsPlaceAmongTheOthers() {
    jar.receive("http://example.com/", List.of("first=1"), NOW);
    jar.receive("http://example.com/", List.of("second=2"), NOW + 1);
    jar.receive("http://example.com/", List.of("first=again"), NOW + 5);
    assertEquals("first=again; second=2", jar.header("http://example.com/", NOW + 6));
  }

  @Test
  void keepsAtMostFiftyCookiesPerDomainDroppingTheOldest() {
    for (int i = 0; i < CookieJar.PER_DOMAIN + 5; i++) {
      jar.receive("http://example.com/", List.of("c" + i + "=" + i), NOW + i);
    }
    assertEquals(CookieJar.PER_DOMAIN, jar.size());
    String header = jar.header("http://example.com/", NOW + 100);
    assertFalse(header.contains("c4="), header);
    assertTrue(header.startsWith("c5=5; "), header);
  }

  @Test
  void savedCookiesComeBackAsTheyWere() {
    set("https://www.example.com/docs/a", "a=1; Domain=example.com; Secure; Max-Age=3600", "b=2");
    assertTrue(jar.takeChanged());
    assertFalse(jar.takeChanged(), "nothing changed since");

    CookieJar back = CookieJar.of(jar.cookies(NOW), NOW);
    assertEquals(
        jar.header("https://www.example.com/docs/x", NOW),
        back.header("https://www.example.com/docs/x", NOW));
    assertEquals("a=1", back.header("https://sub.example.com/docs/", NOW));
    assertNull(back.header("http://sub.example.com/docs/", NOW), "Secure");
    assertEquals(
        List.of(),
        back.cookies(NOW + 3_600_000).stream().filter(c -> c.name().equals("a")).toList());
  }
}
