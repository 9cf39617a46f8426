package io.akkacrawler.url;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlStringsTest {
  @ParameterizedTest
  @CsvSource({
    "http://example.com/a, example.com",
    "http://Example.COM:8080/a?b, example.com",
    "https://[2001:db8::1]:8443/x, [2001:db8::1]",
    "http://[::1]/, [::1]",
    "http://user@host.test/, host.test",
    "http://127.0.0.1:1/, 127.0.0.1"
  })
  void findsTheHostOfAUrlInCrawlForm(String url, String host) {
    assertEquals(host, UrlStrings.host(url));
  }

  @ParameterizedTest
  @CsvSource({
    "http://example.com/a, http://example.com:80",
    "https://example.com, https://example.com:443",
    "https://[2001:db8::1]:8443/x, https://[2001:db8::1]:8443",
    "http://[::1]/, http://[::1]:80",
    "http://a.test:8080?q, http://a.test:8080"
  })
  void keysHostsBySchemeHostAndPort(String url, String key) {
    assertEquals(key, UrlNormalizer.hostKey(url));
  }
}
