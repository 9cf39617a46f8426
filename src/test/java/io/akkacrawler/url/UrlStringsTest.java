package io.akkacrawler.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path of normalization must agree with crawler-commons wherever it is taken. */
class UrlStringsTest {
  private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/",
        "https://example.com/a/b.html",
        "http://127.0.0.1:8080/s1/p2.html",
        "http://a-b.example.org/x_y~z/file.name",
        "https://example.com/search?q=term",
        "http://example.com/a/.hidden",
        "http://example.com/a..b/c",
        "http://example.com/(x)*y"
      })
  void recognisesUrlsThatAreAlreadyNormal(String url) {
    assertTrue(UrlStrings.isCanonical(url), url);
    assertEquals(url, NORMALIZER.filter(url));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP://example.com/",
        "http://Example.com/",
        "http://example.com",
        "http://example.com:80/",
        "https://example.com:443/",
        "http://example.com:0080/",
        "http://example.com/a//b",
        "http://example.com/a/./b",
        "http://example.com/a/../b",
        "http://example.com/a/..",
        "http://example.com/%41",
        "http://example.com/a b",
        "http://example.com/a#frag",
        "http://example.com/?b=1&a=2",
        "http://example.com/?a=",
        "http://example.com/?a",
        "http://user@example.com/",
        "http://example.com./",
        "http://[::1]/",
        "ftp://example.com/",
        "http://example.com/caf\u00e9",
        "http://-bad.example/",
        "http://example.com:99999/"
      })
  void leavesEverythingElseToTheNormalizer(String url) {
    assertFalse(UrlStrings.isCanonical(url), url);
  }

  @Test
  void agreesWithCrawlerCommonsOnRandomUrls() {
    SplittableRandom random = new SplittableRandom(7);
    String[] hosts = {
      "example.com",
      "a.b-c.org",
      "127.0.0.1",
      "Example.com",
      "x.test:8080",
      "x.test:80",
      "host.test:443",
      "h.test:0",
      "h.test."
    };
    String pathChars = "abcXYZ019-._~/!$'()*+,;:@%2Fé ?=&#";
    int taken = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder url =
          new StringBuilder(random.nextBoolean() ? "http://" : "https://")
              .append(hosts[random.nextInt(hosts.length)])
              .append('/');
      int len = random.nextInt(25);
      for (int k = 0; k < len; k++) {
        url.append(pathChars.charAt(random.nextInt(pathChars.length())));
      }
      String u = url.toString();
      if (UrlStrings.isCanonical(u)) {
        taken++;
        assertEquals(u, NORMALIZER.filter(u), "fast path disagrees on " + u);
      }
    }
    assertTrue(taken > 1_000, "the fast path was exercised: " + taken);
  }
}
