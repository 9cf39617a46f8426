package io.akkacrawler.robots;

import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import io.akkacrawler.job.Reason;
import java.util.List;

/**
 * Turns a fetched robots.txt into {@link RobotsFetched} with the semantics of RFC 9309 and
 * crawler-commons: 2xx is parsed for our agent, 4xx (and too many redirects) allows everything,
 * 429, 5xx and network errors make the host unreachable for now.
 */
public final class RobotsParser {
  private final String agent;

  public RobotsParser(String agent) {
    this.agent = agent;
  }

  /**
   * The rules of a robots.txt response: {@code body[0..length)} as decoded, {@code
   * redirectedTooOften} when its redirects ran out (which allows everything, as a 4xx does).
   */
  public RobotsFetched parse(
      String url,
      int status,
      String contentType,
      byte[] body,
      int length,
      boolean redirectedTooOften,
      long fetchMs) {
    if (status >= 200 && status < 300 && !redirectedTooOften) {
      byte[] content = length == body.length ? body : java.util.Arrays.copyOf(body, length);
      // A fresh parser each time: it counts warnings per parse and is cheap to make. No maximum
      // Crawl-delay here: crawler-commons would disallow everything above it, the frontier caps.
      SimpleRobotRules rules =
          new SimpleRobotRulesParser(Long.MAX_VALUE, SimpleRobotRulesParser.DEFAULT_MAX_WARNINGS)
              .parseContent(url, content, contentType, List.of(agent));
      return new RobotsFetched(RobotsRules.of(rules), status, null, fetchMs);
    }
    if (redirectedTooOften || (status >= 400 && status < 500 && status != 429)) {
      return new RobotsFetched(RobotsRules.ALLOW_ALL, status, null, fetchMs);
    }
    return new RobotsFetched(null, status, Reason.HTTP_STATUS, fetchMs);
  }

  /** A robots.txt request that got no response, or one whose body broke after {@code status}. */
  public static RobotsFetched failure(Reason reason, int status, String detail, long fetchMs) {
    return new RobotsFetched(null, status, reason, fetchMs, detail);
  }
}
