package io.akkacrawler.cli;

import com.typesafe.config.Config;
import io.akkacrawler.config.MetricsSettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.metrics.Monitoring;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/** Where this process serves its metrics and live dashboard, as a mixin (crawl and worker). */
final class MetricsOptions {
  /** What this process is in the crawl. */
  enum Role {
    STANDALONE,
    /** The coordinator of a cluster crawl that fetches too (it has a node's figures). */
    FETCHING_COORDINATOR,
    COORDINATOR,
    WORKER
  }

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at /metrics and a live dashboard at / on PORT (0: any free"
              + " port, printed on stderr; -1: none, the default).")
  Integer port;

  @Option(
      names = "--metrics-bind",
      paramLabel = "ADDRESS",
      description = "The address the metrics endpoint listens on (default 127.0.0.1).")
  String bind;

  @Option(
      names = "--linger",
      description =
          "With --metrics-port: keep serving the dashboard and the final metrics after the crawl"
              + " ends, until Ctrl-C.")
  boolean linger;

  /** These options as config overrides. */
  ConfigOverrides apply(ConfigOverrides overrides) {
    return overrides
        .flag("metrics.port", port, "--metrics-port")
        .flag("metrics.bind", bind, "--metrics-bind")
        .flag("metrics.linger", linger ? Boolean.TRUE : null, "--linger");
  }

  /**
   * Starts the endpoint the config asks for (null when none), and says where on {@code err}. Fails
   * with one line when it cannot listen.
   */
  static Monitoring start(Config config, Role role, String title, PrintStream err) {
    MetricsSettings settings = MetricsSettings.load(config);
    if (!settings.enabled()) {
      if (settings.linger()) {
        throw new SettingsException("--linger (metrics.linger) needs --metrics-port");
      }
      return null;
    }
    Monitoring monitoring =
        role == Role.WORKER
            ? Monitoring.forWorker(settings, title)
            : Monitoring.forCrawl(settings, title, role == Role.FETCHING_COORDINATOR);
    err.println(
        "Dashboard at "
            + monitoring.url()
            + " (Prometheus metrics at "
            + monitoring.url()
            + "metrics)");
    return monitoring;
  }

  /** With {@code linger} set, serves on until Ctrl-C (or SIGTERM). */
  static void linger(Config config, Monitoring monitoring, Cli.Signals signals, PrintStream err) {
    if (monitoring == null || !MetricsSettings.load(config).linger()) {
      return;
    }
    err.println("Serving the dashboard at " + monitoring.url() + " until Ctrl-C");
    CountDownLatch stop = new CountDownLatch(1);
    signals.onInterrupt(stop::countDown);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      signals.reset();
    }
  }
}
