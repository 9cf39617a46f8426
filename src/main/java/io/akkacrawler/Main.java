package io.akkacrawler;

import io.akkacrawler.cli.Cli;

/** The {@code crawl} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Initialise logging before any other thread logs (avoids SLF4J's replay warning).
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.exit(Cli.run(args));
  }
}
