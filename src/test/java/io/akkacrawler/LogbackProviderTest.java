package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The binding {@code ./crawl} names: logback configured as {@link LogbackSetup} says. */
class LogbackProviderTest {
  @Test
  void itLogsWarningsAndUpToStderrInTheCrawlsLineFormat() {
    LogbackProvider provider = new LogbackProvider();
    provider.initialize();
    LoggerContext context = assertInstanceOf(LoggerContext.class, provider.getLoggerFactory());
    try {
      Logger crawl = context.getLogger("io.akkacrawler.frontier.Frontier");
      assertTrue(crawl.isWarnEnabled());
      assertFalse(crawl.isInfoEnabled(), "the default level is WARN");
      assertFalse(context.getLogger("crawlercommons.robots.X").isWarnEnabled());
      ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      ConsoleAppender<?> stderr =
          assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
      assertEquals("System.err", stderr.getTarget());
      assertTrue(stderr.isStarted());
      // Akka's SLF4J logger puts the actor's path and thread in the MDC of every event.
      assertInstanceOf(LogbackMDCAdapter.class, provider.getMDCAdapter());
      assertNotNull(provider.getMarkerFactory().getMarker("m"));
      assertTrue(provider.getRequestedApiVersion().startsWith("2.0."));
    } finally {
      context.stop();
    }
  }
}
