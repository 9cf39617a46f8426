package io.akkacrawler.cookies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookiesTxtTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void readsWhatCurlAndBrowsersExport() throws Exception {
    List<Cookie> cookies =
        CookiesTxt.parse(
            List.of(
                "# Netscape HTTP Cookie File",
                "# https://curl.se/docs/http-cookies.html",
                "",
                ".example.com\tTRUE\t/\tFALSE\t0\tsession\tabc",
                "#HttpOnly_www.example.com\tFALSE\t/app\tTRUE\t4102444800\ttoken\tx y",
                "example.com\tFALSE\t/\tFALSE\t1\told\tgone",
                "example.com\tFALSE\t/\tFALSE\t0\tempty\t"));
    assertEquals(4, cookies.size());
    assertEquals(
        new Cookie("session", "abc", "example.com", false, "/", false, -1, 3), cookies.get(0));
    assertEquals(
        new Cookie("token", "x y", "www.example.com", true, "/app", true, 4_102_444_800_000L, 4),
        cookies.get(1));

    CookieJar jar = CookieJar.of(cookies, NOW);
    assertEquals("session=abc; empty=", jar.header("http://example.com/", NOW));
    assertEquals("token=x y; session=abc", jar.header("https://www.example.com/app/", NOW));
    assertEquals("session=abc", jar.header("http://www.example.com/app/", NOW), "Secure");
  }

  @Test
  void aByteOrderMarkBeforeTheFirstLineIsNoPartOfIt() throws Exception {
    List<Cookie> cookies =
        CookiesTxt.parse(
            List.of(
                "\uFEFF# Netscape HTTP Cookie File",
                ".example.com\tTRUE\t/\tFALSE\t0\tsession\tabc"));
    assertEquals(List.of("session"), cookies.stream().map(Cookie::name).toList());
    cookies = CookiesTxt.parse(List.of("\uFEFF.example.com\tTRUE\t/\tFALSE\t0\tsession\tabc"));
    assertEquals("example.com", cookies.get(0).domain());
  }

  @Test
  void aLineThatIsNoCookieIsRefusedWithItsNumber() {
    var e =
        assertThrows(
            CookiesTxt.FormatException.class,
            () -> CookiesTxt.parse(List.of("# ok", "example.com FALSE / FALSE 0 a b")));
    assertTrue(e.getMessage().startsWith("line 2: not a cookies.txt line"), e.getMessage());
    e =
        assertThrows(
            CookiesTxt.FormatException.class,
            () -> CookiesTxt.parse(List.of("example.com\tyes\t/\tFALSE\t0\ta\tb")));
    assertEquals("line 1: include subdomains must be TRUE or FALSE (got 'yes')", e.getMessage());
    e =
        assertThrows(
            CookiesTxt.FormatException.class,
            () -> CookiesTxt.parse(List.of("example.com\tTRUE\t/\tFALSE\tlater\ta\tb")));
    assertEquals("line 1: expiry 'later' is not a number of seconds", e.getMessage());
  }
}
