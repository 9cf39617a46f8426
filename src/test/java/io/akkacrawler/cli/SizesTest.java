package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.akkacrawler.config.SettingsException;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void kilobytesAreTakenAsMegabytesAndGigabytesAre() {
    assertEquals("500kB", Sizes.parse("500KB", "--warc-max-size"));
    assertEquals("500kB", Sizes.parse(" 500 kb", "--warc-max-size"));
    assertEquals("100MB", Sizes.parse("100MB", "--warc-max-size"));
    assertEquals("512KiB", Sizes.parse("512KiB", "--max-content"));
    assertEquals("65536", Sizes.parse("65536", "--max-content"));
  }

  @Test
  void aValueThatIsNoSizeNamesTheFlag() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> Sizes.parse("lots", "--max-content"));
    assertEquals(
        "--max-content: 'lots' is not a size; give bytes (65536) or a number with a unit (500KB,"
            + " 512KiB, 100MB, 2GiB)",
        e.getMessage());
  }
}
