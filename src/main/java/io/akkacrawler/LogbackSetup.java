package io.akkacrawler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.slf4j.Logger;

/**
 * The logging set-up, in code rather than logback.xml: parsing XML took a tenth of a crawl's
 * start-up. Logs go to stderr so that stdout carries only records (with {@code -o -}); the level is
 * {@code -Dcrawler.log.level} (default WARN). A {@code -Dlogback.configurationFile} replaces it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.NEUTRAL;
    }
    Line line = new Line();
    line.setContext(context);
    line.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(line);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("crawlercommons").setLevel(Level.ERROR);
    // A node that leaves or dies closes its connections: expected in a cluster crawl.
    context.getLogger("akka.stream.Materializer").setLevel(Level.ERROR);
    context.getLogger("akka.remote").setLevel(Level.ERROR);
    context.getLogger("akka.cluster").setLevel(Level.ERROR);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getProperty("crawler.log.level"), Level.WARN));
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * {@code HH:mm:ss.SSS LEVEL Logger - message}, then the exception if there is one: what the
   * pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n} prints, without compiling a
   * pattern and a date format at start-up (logback's pattern machinery was a third of its set-up).
   */
  static final class Line extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
      StringBuilder b = new StringBuilder(160);
      LocalTime t =
          LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
      two(b, t.getHour()).append(':');
      two(b, t.getMinute()).append(':');
      two(b, t.getSecond()).append('.');
      int ms = t.getNano() / 1_000_000;
      b.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10));
      b.append((char) ('0' + ms % 10)).append(' ');
      String level = event.getLevel().toString();
      b.append(level);
      for (int i = level.length(); i < 5; i++) {
        b.append(' ');
      }
      String logger = event.getLoggerName();
      b.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(" - ");
      b.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        b.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
      }
      return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
      return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
  }
}
