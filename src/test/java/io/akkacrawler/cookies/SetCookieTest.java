package io.akkacrawler.cookies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetCookieTest {
  private static final long NOW = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Wed, 21 Oct 2015 07:28:00 GMT       | 2015-10-21T07:28:00Z",
        "Wednesday, 21-Oct-15 07:28:00 GMT   | 2015-10-21T07:28:00Z",
        "Wed Oct 21 07:28:00 2015            | 2015-10-21T07:28:00Z",
        "21 oct 1999 7:8:9                   | 1999-10-21T07:08:09Z",
        "Thu, 01 Jan 70 00:00:01 GMT         | 1970-01-01T00:00:01Z",
        "Sat, 31 Dec 2099 23:59:59 GMT       | 2099-12-31T23:59:59Z",
        "Tue, 01 Feb 2022 00:00:00 GMT       | 2022-02-01T00:00:00Z",
        "Mon, 01 Mar 2021 00:00:00 GMT       | 2021-03-01T00:00:00Z",
        "Thu, 01 Apr 2021 00:00:00 GMT       | 2021-04-01T00:00:00Z",
        "Sat, 01 May 2021 00:00:00 GMT       | 2021-05-01T00:00:00Z",
        "Tue, 01 Jun 2021 00:00:00 GMT       | 2021-06-01T00:00:00Z",
        "Thu, 01 Jul 2021 00:00:00 GMT       | 2021-07-01T00:00:00Z",
        "Sun, 01 Aug 2021 00:00:00 GMT       | 2021-08-01T00:00:00Z",
        "Wed, 01 Sep 2021 00:00:00 GMT       | 2021-09-01T00:00:00Z",
        "Mon, 01 Nov 2021 00:00:00 GMT       | 2021-11-01T00:00:00Z",
        "Wed, 01 Dec 2021 00:00:00 GMT       | 2021-12-01T00:00:00Z",
      })
  void readsCookieDatesAsBrowsersDo(String text, String expected) {
    assertEquals(Instant.parse(expected).toEpochMilli(), CookieDates.parse(text));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {"tomorrow", "Wed, 21 Oct 2015", "Wed, 32 Oct 2015 07:28:00", "31 Feb 2015 01:00:00"})
  void refusesWhatIsNoCookieDate(String text) {
    assertNull(CookieDates.parse(text));
  }

  @Test
  void readsTheAttributesTheLastOfEachWinning() {
    SetCookie c =
        SetCookie.parse(
            " sid = abc=def ; path=/a; Path=/b; DOMAIN=.Example.COM; secure; HttpOnly; x=y", NOW);
    assertEquals("sid", c.name());
    assertEquals("abc=def", c.value(), "the value is everything after the first =");
    assertEquals("/b", c.path());
    assertEquals("example.com", c.domain());
    assertTrue(c.secure());
    assertEquals(-1, c.expiresAt(), "a session cookie");
  }

  @Test
  void maxAgeWinsOverExpiresAndAPastExpiryDeletes() {
    assertEquals(
        NOW + 60_000,
        SetCookie.parse("a=1; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT", NOW).expiresAt());
    assertTrue(SetCookie.parse("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", NOW).expired());
    assertTrue(SetCookie.parse("a=1; Max-Age=-1", NOW).expired());
    assertEquals(-1, SetCookie.parse("a=1; Max-Age=soon", NOW).expiresAt(), "ignored");
    assertEquals(-1, SetCookie.parse("a=1; Expires=never", NOW).expiresAt(), "ignored");
  }
}
