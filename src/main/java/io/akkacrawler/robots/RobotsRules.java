package io.akkacrawler.robots;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The robots.txt rules of one host as a plain value (so that they can be sent and stored), made
 * from and turned back into crawler-commons' {@link SimpleRobotRules}.
 *
 * @param crawlDelayMs the Crawl-delay for our agent, or -1 when none is set
 */
public record RobotsRules(Mode mode, List<Rule> rules, long crawlDelayMs, List<String> sitemaps) {
  /** What the rules allow as a whole. */
  public enum Mode {
    ALLOW_ALL,
    ALLOW_NONE,
    ALLOW_SOME
  }

  /** One Allow or Disallow line that applies to our agent. */
  public record Rule(String prefix, boolean allow) {}

  /** Everything allowed, no delay (a robots.txt that is missing: 4xx). */
  public static final RobotsRules ALLOW_ALL =
      new RobotsRules(Mode.ALLOW_ALL, List.of(), -1, List.of());

  public RobotsRules {
    rules = List.copyOf(rules);
    sitemaps = List.copyOf(sitemaps);
  }

  /** The value of crawler-commons' parsed rules. */
  public static RobotsRules of(SimpleRobotRules parsed) {
    Mode mode =
        parsed.isAllowAll()
            ? Mode.ALLOW_ALL
            : parsed.isAllowNone() ? Mode.ALLOW_NONE : Mode.ALLOW_SOME;
    List<Rule> rules = new ArrayList<>();
    for (SimpleRobotRules.RobotRule r : parsed.getRobotRules()) {
      rules.add(new Rule(r.getPrefix(), r.isAllow()));
    }
    long delay = parsed.getCrawlDelay();
    return new RobotsRules(
        mode, rules, delay == BaseRobotRules.UNSET_CRAWL_DELAY ? -1 : delay, parsed.getSitemaps());
  }

  /** crawler-commons' matcher for these rules. */
  public SimpleRobotRules toMatcher() {
    SimpleRobotRules matcher =
        new SimpleRobotRules(
            switch (mode) {
              case ALLOW_ALL -> RobotRulesMode.ALLOW_ALL;
              case ALLOW_NONE -> RobotRulesMode.ALLOW_NONE;
              case ALLOW_SOME -> RobotRulesMode.ALLOW_SOME;
            });
    for (Rule r : rules) {
      matcher.addRule(r.prefix(), r.allow());
    }
    matcher.sortRules();
    if (crawlDelayMs >= 0) {
      matcher.setCrawlDelay(crawlDelayMs);
    }
    return matcher;
  }
}
