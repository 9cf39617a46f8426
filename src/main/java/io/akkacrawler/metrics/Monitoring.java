package io.akkacrawler.metrics;

import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.config.MetricsSettings;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What {@code --metrics-port} starts in one process: the crawl's (or a cluster worker's) metrics,
 * the JVM's, the live dashboard and the HTTP endpoint that serves them. The command line gives
 * {@link #listener()} to the crawl, tells it how the crawl ended, and closes it at exit.
 */
public final class Monitoring implements AutoCloseable {
  private final CrawlMetrics crawl;
  private final Dashboard dashboard;
  private final CrawlListener listener;
  private final MetricsServer server;

  private Monitoring(
      Dashboard.Role role, MetricsSettings settings, String title, boolean fetchingNode) {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    NodeMetrics node = fetchingNode ? new NodeMetrics(registry) : null;
    if (role == Dashboard.Role.CRAWL) {
      crawl = new CrawlMetrics(registry);
      dashboard = new Dashboard(role, title, crawl, node, System::currentTimeMillis);
      // The dashboard reads the counters: they are counted first.
      listener = (node == null ? crawl : crawl.andThen(node)).andThen(dashboard);
    } else {
      crawl = null;
      dashboard = new Dashboard(role, title, null, node, System::currentTimeMillis);
      listener = node.andThen(dashboard);
    }
    server = MetricsServer.start(settings.bind(), settings.port(), registry, dashboard::status);
  }

  /**
   * Serves the metrics of a crawl as {@code settings} say: standalone, or the coordinator of a
   * cluster crawl, which with {@code fetchingNode} also has its own node's figures. {@code title}
   * names what is crawled. Fails with a one-line {@link io.akkacrawler.config.SettingsException}
   * when it cannot listen.
   */
  public static Monitoring forCrawl(MetricsSettings settings, String title, boolean fetchingNode) {
    return new Monitoring(Dashboard.Role.CRAWL, settings, title, fetchingNode);
  }

  /** Serves a cluster worker's own metrics; {@code title} names its coordinator. */
  public static Monitoring forWorker(MetricsSettings settings, String title) {
    return new Monitoring(Dashboard.Role.WORKER, settings, title, true);
  }

  /** What the crawl tells (give it to the crawl, next to any other listener). */
  public CrawlListener listener() {
    return listener;
  }

  /** The dashboard's address ({@code /metrics} is beside it). */
  public String url() {
    return server.url();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** The crawl ended with {@code summary}: the final figures are served from now on. */
  public void finished(CrawlSummary summary) {
    finished(summary, false);
  }

  /**
   * The crawl ended with {@code summary}, stopped by its time limit ({@code --max-time}) if {@code
   * timeLimit}: a crawl that did what it was asked, not an interrupted one.
   */
  public void finished(CrawlSummary summary, boolean timeLimit) {
    if (crawl != null) {
      crawl.finished(summary);
    }
    dashboard.finished(summary, timeLimit);
  }

  /** The crawl (or this worker's part in it) ended otherwise: {@code state} and why. */
  public void ended(String state, String message) {
    if (crawl != null) {
      crawl.ended();
    }
    dashboard.ended(state, message);
  }

  @Override
  public void close() {
    server.close();
  }
}
