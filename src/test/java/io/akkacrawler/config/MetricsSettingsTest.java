package io.akkacrawler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {
  private static MetricsSettings bind(String address) {
    return MetricsSettings.load(
        ConfigFactory.parseString("crawler.metrics.bind = \"" + address + "\"")
            .withFallback(ConfigFactory.defaultReference()));
  }

  @Test
  void anIpv6AddressInBracketsIsTheAddress() {
    // As a URL writes it: the dashboard's address printed from it had the brackets twice.
    assertEquals("::1", bind("[::1]").bind());
    assertEquals("::1", bind("::1").bind());
    assertEquals("127.0.0.1", bind(" 127.0.0.1 ").bind());
  }
}
