package io.akkacrawler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxySettingsTest {
  private static final ProxySettings FROM_ENV = new ProxySettings(null, List.of(), "", "");

  @ParameterizedTest(name = "[{index}] no_proxy={0}: {1} direct={2}")
  @CsvSource({
    "'example.com', example.com, true",
    "'example.com', www.example.com, true",
    "'.example.com', www.example.com, true",
    "'example.com', notexample.com, false",
    "'example.com:8080', example.com, true",
    "'127.0.0.1', 127.0.0.1, true",
    "'127.0.0.1', 127.0.0.2, false",
    "'[::1]', [::1], true",
    "'*', anything.test, true",
    "' LOCALHOST , .Corp ', wiki.corp, true",
    "'', example.com, false",
  })
  void noProxyListsTheHostsReachedDirectly(String noProxy, String host, boolean direct) {
    ProxySettings.Routes routes =
        FROM_ENV.routes(Map.of("https_proxy", "http://proxy:3128", "no_proxy", noProxy));
    assertEquals(direct, routes.forRequest("https", host) == null);
  }

  @Test
  void lowerCaseVariablesComeFirstAndAValueWithoutSchemeIsHttp() {
    ProxySettings.Routes routes =
        FROM_ENV.routes(
            Map.of(
                "http_proxy", "lower:1",
                "HTTP_PROXY", "http://upper:2",
                "HTTPS_PROXY", "http://secure:3"));
    assertEquals(
        new ProxySettings.Endpoint("lower", 1, null, null), routes.forRequest("http", "a"));
    assertEquals(
        new ProxySettings.Endpoint("secure", 3, null, null), routes.forRequest("https", "a"));
    assertNull(FROM_ENV.routes(Map.of()).forRequest("http", "a"), "no variable: direct");
  }

  @Test
  void aGivenProxyServesBothSchemesAndOutranksTheVariables() {
    ProxySettings given =
        new ProxySettings(
            ProxySettings.parse("http://u%40corp:p%3Aw@proxy.corp:8080", "--proxy"),
            List.of("localhost"),
            "",
            "");
    ProxySettings.Routes routes = given.routes(Map.of("http_proxy", "http://other:1"));
    ProxySettings.Endpoint expected =
        new ProxySettings.Endpoint("proxy.corp", 8080, "u@corp", "p:w");
    assertEquals(expected, routes.forRequest("http", "example.com"));
    assertEquals(expected, routes.forRequest("https", "example.com"));
    assertNull(routes.forRequest("http", "localhost"));
    assertEquals("http://proxy.corp:8080", expected.toString(), "no credentials in messages");
  }

  @Test
  void credentialsSettingsGoWithAProxyWithoutThem() {
    ProxySettings settings =
        new ProxySettings(
            ProxySettings.parse("http://proxy:3128", "--proxy"), List.of(), "me", "pw");
    assertEquals(
        new ProxySettings.Endpoint("proxy", 3128, "me", "pw"),
        settings.routes(Map.of()).forRequest("http", "a"));
  }

  @Test
  void anUnusableProxyIsOneLineNamingWhereItCameFrom() {
    assertEquals(
        "the environment variable https_proxy: only http:// proxies are supported (got"
            + " 'socks5://***@h:1'); https URLs go through them with CONNECT",
        assertThrows(
                SettingsException.class,
                () -> FROM_ENV.routes(Map.of("https_proxy", "socks5://u:p@h:1")))
            .getMessage());
  }
}
