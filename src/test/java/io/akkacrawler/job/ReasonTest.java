package io.akkacrawler.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReasonTest {
  @Test
  void everyLabelNamesItsReason() {
    for (Reason r : Reason.values()) {
      assertEquals(r, Reason.ofLabel(r.label(503)), r.label(503));
    }
    assertEquals("http-429", Reason.HTTP_STATUS.label(429));
    assertEquals("connect-failed", Reason.CONNECT_FAILED.label(0));
    assertNull(Reason.ofLabel("no-such-reason"));
  }

  @Test
  void theReadmeExplainsEveryReasonARecordCanHave() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Reason r : Reason.values()) {
      if (r == Reason.FETCHER_RESTARTED) {
        continue; // never final: a restarted fetch is dispatched again
      }
      String label = r == Reason.HTTP_STATUS ? "http-503" : r.label(0);
      assertTrue(readme.contains("`" + label + "`"), label + " is not in the README");
    }
  }
}
