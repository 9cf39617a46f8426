package io.akkacrawler;

import io.akkacrawler.cli.Cli;
import io.akkacrawler.fetch.HttpFetcher;

/** The {@code crawl} command. */
public final class Main {
  private static final String TUNNELING_DISABLED_SCHEMES =
      "jdk.http.auth.tunneling.disabledSchemes";

  private static final String SLF4J_PROVIDER = "slf4j.provider";
  private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

  private Main() {}

  public static void main(String[] args) {
    // The JDK's HTTP client drops Basic proxy credentials from the CONNECT of an https request
    // unless this says otherwise; it is read once, before the first request of the process, so
    // here. Credentials are only ever sent when the user gives them (--proxy http://user:pw@...).
    if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
      System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
    }
    HttpFetcher.poolCompletions();
    boolean tls = false;
    for (String arg : args) {
      tls |= arg.regionMatches(true, 0, "https:", 0, 6);
    }
    boolean warmTls = tls;
    Thread warmUp = new Thread(() -> warmUp(warmTls), "warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    // Logging: logback with the crawl's configuration, set up directly (see LogbackProvider), and
    // SLF4J quiet about having been told which binding to use. Set up before any other thread
    // logs (avoids SLF4J's replay warning).
    if (System.getProperty(SLF4J_PROVIDER) == null) {
      System.setProperty(SLF4J_PROVIDER, LogbackProvider.class.getName());
      if (System.getProperty(SLF4J_VERBOSITY) == null) {
        System.setProperty(SLF4J_VERBOSITY, "WARN");
      }
    }
    org.slf4j.LoggerFactory.getILoggerFactory();
    int code = Cli.run(args);
    stopHttpSelectors();
    System.exit(code);
  }

  /**
   * On the second core, while this thread sets up logging and parses the command line: what every
   * crawl needs next and takes long to make, the reference config (every Akka module's) and, when
   * an argument is an {@code https} URL, the default TLS context (with the trusted certificates;
   * for {@code http} seeds it is made only if the crawl meets an {@code https} link, see {@code
   * LazyTls}). Both are cached by their libraries; a caller that gets there first just does the
   * work itself.
   */
  private static void warmUp(boolean tls) {
    try {
      com.typesafe.config.ConfigFactory.defaultReference();
      if (tls) {
        javax.net.ssl.SSLContext.getDefault();
      }
    } catch (Exception | LinkageError e) {
      // Only a head start: the crawl meets the same failure and reports it.
    }
  }

  /**
   * HotSpot's exit waits up to 300 ms for threads blocked in native code, such as the JDK HTTP
   * client's selector (which JDK 17 cannot close). An interrupt ends its select loop.
   */
  private static void stopHttpSelectors() {
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    Thread[] threads = new Thread[group.activeCount() + 8];
    int n = group.enumerate(threads);
    for (int i = 0; i < n; i++) {
      String name = threads[i].getName();
      if (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager")) {
        threads[i].interrupt();
        try {
          threads[i].join(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
