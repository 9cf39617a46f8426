package io.akkacrawler.robots;

import io.akkacrawler.job.Reason;

/**
 * The outcome of fetching a host's robots.txt: rules to obey, or {@code rules == null} when the
 * file was unreachable (5xx, 429, timeout, network error), which defers the host (RFC 9309).
 */
public record RobotsFetched(
    RobotsRules rules, int status, Reason reason, long fetchMs, String detail) {
  /** Without a detail of the failure. */
  public RobotsFetched(RobotsRules rules, int status, Reason reason, long fetchMs) {
    this(rules, status, reason, fetchMs, null);
  }

  public boolean unreachable() {
    return rules == null;
  }
}
