package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The crawl's log lines: time, level, the logger's simple name, the message, any exception. */
class LogLineTest {
  private final LoggerContext context = new LoggerContext();

  private String line(Level level, String message, Throwable thrown, Object... args) {
    LoggingEvent event =
        new LoggingEvent(
            "test",
            context.getLogger("io.akkacrawler.frontier.Frontier"),
            level,
            message,
            thrown,
            args);
    event.setTimeStamp(
        LocalTime.of(9, 5, 7, 42_000_000)
            .atDate(java.time.LocalDate.of(2026, 12, 2))
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toEpochMilli());
    LogbackSetup.Line layout = new LogbackSetup.Line();
    layout.setContext(context);
    layout.start();
    return layout.doLayout(event);
  }

  @Test
  void aWarningIsOneLineAsThePatternPrintedIt() {
    assertEquals(
        "09:05:07.042 WARN  Frontier - host a.test paused for 30 s" + System.lineSeparator(),
        line(Level.WARN, "host {} paused for {} s", null, "a.test", 30));
  }

  @Test
  void theTimeIsTheEventsLocalTime() {
    String l = line(Level.ERROR, "x", null);
    assertEquals(
        LocalTime.of(9, 5, 7, 42_000_000).format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")),
        l.substring(0, 12));
    assertTrue(l.startsWith("09:05:07.042 ERROR Frontier - x"), l);
  }

  @Test
  void anExceptionFollowsItsMessage() {
    String l = line(Level.ERROR, "failed", new IllegalStateException("disk full"));
    assertTrue(
        l.startsWith(
            "09:05:07.042 ERROR Frontier - failed"
                + System.lineSeparator()
                + "java.lang.IllegalStateException: disk full"),
        l);
    assertTrue(l.contains("\tat io.akkacrawler.LogLineTest"), l);
  }
}
