package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  private static final String ERASE = "\r\u001b[K";

  @Test
  void theStatusIsRewrittenInPlaceAndOtherLinesGoAboveIt() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    StatusLine line = new StatusLine(terminal);
    PrintStream err = new PrintStream(line, true, Charset.defaultCharset());
    line.show("[00:01] 10 done");
    line.show("[00:02] 20 done");
    err.println("WARN something happened");
    line.show("[00:03] 30 done");
    line.end(); // before the summary
    line.show("[00:04] 40 done"); // a late report draws nothing
    err.println("Crawl finished");
    assertEquals(
        "\r[00:01] 10 done"
            + ERASE
            + "\r[00:02] 20 done"
            + ERASE
            + "WARN something happened"
            + System.lineSeparator()
            + "[00:02] 20 done"
            + ERASE
            + "\r[00:03] 30 done"
            + ERASE
            + "Crawl finished"
            + System.lineSeparator(),
        terminal.toString(Charset.defaultCharset()));
  }

  @Test
  void aStatusShownWhileALineIsHalfWrittenWaitsForItsEnd() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    StatusLine line = new StatusLine(terminal);
    PrintStream err = new PrintStream(line, true, Charset.defaultCharset());
    err.print("Waiting for a worker to join");
    line.show("[00:01] 0 done");
    err.println(" ... joined");
    assertEquals(
        "Waiting for a worker to join ... joined" + System.lineSeparator() + "[00:01] 0 done",
        terminal.toString(Charset.defaultCharset()));
  }
}
