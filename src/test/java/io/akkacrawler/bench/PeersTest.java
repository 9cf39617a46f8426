package io.akkacrawler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.akkacrawler.config.SettingsException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeersTest {
  @Test
  void countsWgetDownloadsAndHttpErrorsFromItsLog() throws Exception {
    List<String> log;
    try (InputStream in = getClass().getResourceAsStream("/bench/wget-output.txt")) {
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    Peers.Outcome outcome = Peers.wget("wget -r", log, 2.0, 150);
    assertEquals(
        List.of(
            "http://127.0.0.1:52845/html/index.html",
            "http://127.0.0.1:52845/html/whatsnew/3.10.html",
            "http://127.0.0.1:52845/html/files/doc1.pdf"),
        outcome.urls());
    assertEquals(4, outcome.result().pages(), "three downloads and one 404");
    assertEquals(13011 + 306539 + 120000, outcome.result().bytes());
    assertEquals(2.0, outcome.result().wallPagesPerSecond(), 1e-9);
  }

  @Test
  void readsTheCpuOfThePeersProcessTreeFromBashTimes() {
    assertEquals(
        1000 * (61.5 + 0.25),
        Peers.childCpuMs(List.of("0m0.001s 0m0.002s", "1m1.500s 0m0.250s")),
        1e-6);
    assertEquals(-1, Peers.childCpuMs(List.of("0m0.001s 0m0.002s")));
  }

  @Test
  void anUnknownPeerIsASettingsErrorAndAMissingOneIsSkippedWithAReason() {
    assertThrows(SettingsException.class, () -> Peers.probe(List.of("scrapy")));
    for (Peers.Peer peer : Peers.probe(Peers.NAMES)) {
      assertEquals(peer.program() == null, !peer.available(), peer.toString());
      assertFalse(peer.available() && peer.skipped() != null, peer.toString());
    }
  }
}
