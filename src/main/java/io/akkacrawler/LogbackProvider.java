package io.akkacrawler;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to logback with {@link LogbackSetup}'s configuration applied directly. Logback's
 * own start (a service look-up for configurators, version checks that read the jar, status
 * messages, its status printer and the time-zone data it loads) took 50-100 ms of a short crawl's
 * start-up, ten times what the configuration itself takes. {@link Main} names this class in SLF4J's
 * {@code slf4j.provider} property; elsewhere (tests, embedding) logback starts as usual and finds
 * {@link LogbackSetup} itself. With {@code -Dlogback.configurationFile} it starts as usual too.
 */
public final class LogbackProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggerFactory;
  private IMarkerFactory markerFactory;
  private MDCAdapter mdcAdapter;

  @Override
  public void initialize() {
    LoggerContext context = new LoggerContext();
    context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    context.setMDCAdapter(mdc);
    LogbackSetup setup = new LogbackSetup();
    setup.setContext(context);
    if (setup.configure(context) == Configurator.ExecutionStatus.NEUTRAL) {
      // LogbackSetup leaves the configuration to a file the user named: logback's own start.
      LogbackServiceProvider standard = new LogbackServiceProvider();
      standard.initialize();
      loggerFactory = standard.getLoggerFactory();
      markerFactory = standard.getMarkerFactory();
      mdcAdapter = standard.getMDCAdapter();
      return;
    }
    context.start();
    loggerFactory = context;
    markerFactory = new BasicMarkerFactory();
    mdcAdapter = mdc;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return LogbackServiceProvider.REQUESTED_API_VERSION;
  }
}
