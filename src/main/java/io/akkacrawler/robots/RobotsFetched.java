package io.akkacrawler.robots;

/**
 * The outcome of fetching a host's robots.txt: rules to obey, or {@code rules == null} when the
 * file was unreachable (5xx, 429, timeout, network error), which defers the host (RFC 9309).
 */
public record RobotsFetched(
    RobotsRules rules, int status, String error, long fetchMs, String detail) {
  /** Without a detail of the failure. */
  public RobotsFetched(RobotsRules rules, int status, String error, long fetchMs) {
    this(rules, status, error, fetchMs, null);
  }

  public boolean unreachable() {
    return rules == null;
  }
}
