package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.SettingsException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"1, 1000", "0, 0", "0.5, 500", "2.25, 2250", "250ms, 250", "2s, 2000", "1m, 60000"})
  void aBareNumberIsSecondsAndAUnitMeansWhatItSays(String typed, long millis) {
    String hocon = Durations.parse(typed, "--delay");
    CrawlSettings s =
        CrawlSettings.load(
            new ConfigOverrides().flag("politeness.delay", hocon).build(null),
            List.of("http://a.test/"));
    assertEquals(Duration.ofMillis(millis), s.politeness().delay());
  }

  @Test
  void theCommandLineFlagsReadBareSecondsEverywhere() {
    CrawlSettings s =
        CrawlSettings.load(
            new ConfigOverrides()
                .durationFlag("politeness.delay", "1", "--delay")
                .durationFlag("fetch.request-timeout", "5", "--timeout")
                .set("retry.base-delay=2")
                .build(null),
            List.of("http://a.test/"));
    assertEquals(Duration.ofSeconds(1), s.politeness().delay());
    assertEquals(Duration.ofSeconds(5), s.fetch().requestTimeout());
    assertEquals(Duration.ofSeconds(2), s.retry().baseDelay());
  }

  @Test
  void somethingElseIsRefusedNamingTheFlag() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> Durations.parse("1 sec", "--timeout"));
    assertTrue(e.getMessage().startsWith("--timeout: '1 sec' is not a duration"), e.getMessage());
    assertThrows(SettingsException.class, () -> Durations.parse("-1", "--delay"));
    assertThrows(SettingsException.class, () -> Durations.parse("fast", "--delay"));
  }

  @Test
  void onlyDurationKeysTakeBareSeconds() {
    assertTrue(Durations.isDurationKey("crawler.politeness.delay"));
    assertEquals(false, Durations.isDurationKey("crawler.max-depth"));
    assertEquals(false, Durations.isDurationKey("crawler.fetch.max-body"));
  }

  @ParameterizedTest
  @CsvSource({
    "7200000, 2h",
    "5400000, 90m",
    "90000, 90s",
    "1000, 1s",
    "1500, 1.5s",
    "61250, 61.25s",
    "250, 250ms",
    "0, 0s"
  })
  void formatsADurationForPeople(long millis, String shown) {
    assertEquals(shown, Durations.format(Duration.ofMillis(millis)));
  }
}
