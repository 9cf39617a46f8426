package io.akkacrawler.robots;

import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import io.akkacrawler.fetch.DocumentFetcher.Document;
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

  public RobotsFetched parse(Document doc, long fetchMs) {
    int status = doc.response().status();
    if (status >= 200 && status < 300) {
      byte[] content =
          doc.length() == doc.body().length
              ? doc.body()
              : java.util.Arrays.copyOf(doc.body(), doc.length());
      // A fresh parser each time: it counts warnings per parse and is cheap to make. No maximum
      // Crawl-delay here: crawler-commons would disallow everything above it, the frontier caps.
      SimpleRobotRules rules =
          new SimpleRobotRulesParser(Long.MAX_VALUE, SimpleRobotRulesParser.DEFAULT_MAX_WARNINGS)
              .parseContent(doc.url(), content, doc.response().contentType(), List.of(agent));
      return new RobotsFetched(RobotsRules.of(rules), status, null, fetchMs);
    }
    if (doc.redirectedTooOften() || (status >= 400 && status < 500 && status != 429)) {
      return new RobotsFetched(RobotsRules.ALLOW_ALL, status, null, fetchMs);
    }
    return new RobotsFetched(null, status, "http-" + status, fetchMs);
  }

  /** A robots.txt request that got no response at all. */
  public static RobotsFetched failure(String reason, String detail, long fetchMs) {
    return new RobotsFetched(null, 0, reason, fetchMs, detail);
  }
}
