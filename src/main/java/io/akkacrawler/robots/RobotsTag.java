package io.akkacrawler.robots;

import java.util.Locale;
import java.util.Set;

/**
 * The directives of X-Robots-Tag header values that concern this crawler: unscoped ones, and those
 * scoped to its agent token ({@code "akka-crawler: noindex"}); other agents' lines are ignored.
 */
public record RobotsTag(boolean noindex, boolean nofollow) {
  public static final RobotsTag NONE = new RobotsTag(false, false);

  /** Words that may precede a colon without naming an agent. */
  private static final Set<String> DIRECTIVES_WITH_VALUES =
      Set.of("unavailable_after", "max-snippet", "max-image-preview", "max-video-preview");

  /** Parses header values given one per line; {@code agent} is the lower-case product token. */
  public static RobotsTag parse(String headerValues, String agent) {
    if (headerValues == null || headerValues.isBlank()) {
      return NONE;
    }
    boolean noindex = false;
    boolean nofollow = false;
    for (String value : headerValues.split("\n")) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      int colon = v.indexOf(':');
      if (colon > 0) {
        String scope = v.substring(0, colon).trim();
        if (!DIRECTIVES_WITH_VALUES.contains(scope) && !scope.contains(",")) {
          if (!scope.equals(agent)) {
            continue; // meant for another crawler
          }
          v = v.substring(colon + 1);
        }
      }
      for (String directive : v.split(",")) {
        switch (directive.trim()) {
          case "noindex" -> noindex = true;
          case "nofollow" -> nofollow = true;
          case "none" -> {
            noindex = true;
            nofollow = true;
          }
          default -> {}
        }
      }
    }
    return noindex || nofollow ? new RobotsTag(noindex, nofollow) : NONE;
  }
}
