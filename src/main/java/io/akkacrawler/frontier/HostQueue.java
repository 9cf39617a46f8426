package io.akkacrawler.frontier;

import crawlercommons.robots.SimpleRobotRules;
import io.akkacrawler.HostReport;
import io.akkacrawler.config.PolitenessSettings;
import io.akkacrawler.robots.RobotsRules;
import java.util.ArrayDeque;

/**
 * One host (scheme + host + port) in the frontier: its FIFO queue of jobs, its robots.txt state,
 * and its politeness clock — when it may next be asked, how many requests it has in flight, its
 * throttle back-off and circuit breaker. Plain mutable state owned by the {@link Frontier}.
 */
final class HostQueue {
  /** Where the host's robots.txt stands. */
  enum Robots {
    /** Not fetched yet (or expired, or to be retried after a failure). */
    UNKNOWN,
    FETCHING,
    KNOWN,
    /** Unreachable too often: the host's URLs are skipped. */
    GAVE_UP
  }

  final String key;
  final ArrayDeque<CrawlJob> jobs = new ArrayDeque<>();
  final ArrayDeque<String> sitemaps = new ArrayDeque<>();
  int inFlight;
  long nextAllowedAt;
  long pausedUntil;
  long turn;
  boolean inReady;

  Robots robots = Robots.UNKNOWN;
  RobotsRules rules;
  SimpleRobotRules matcher;
  long robotsExpireAt;
  int robotsFailures;
  long crawlDelayMs;
  boolean crawlDelayCapped;
  boolean sitemapsDiscovered;
  int sitemapFiles;

  int throttleLevel;
  int consecutiveFailures;
  int breakerTrips;
  boolean dead;

  long requests;
  long failures;
  long totalFetchMs;
  long lastDelayMs;
  int pauses;
  String lastPause;

  HostQueue(String key, long turn) {
    this.key = key;
    this.turn = turn;
  }

  /** URLs of this host are skipped or failed without a request. */
  boolean givenUp() {
    return dead || robots == Robots.GAVE_UP;
  }

  /** The record reason for URLs of a given-up host. */
  String givenUpReason() {
    return dead ? "host-unreachable" : "robots-unavailable";
  }

  boolean allowedByRobots(String url) {
    return matcher == null || matcher.isAllowed(url);
  }

  /**
   * A request to this host ended at {@code now}: frees its slot and moves its clock, by the fixed
   * delay, the robots.txt Crawl-delay, the adaptive delay, and the throttle or breaker pauses.
   */
  void ended(Feedback f, long now, PolitenessSettings p) {
    inFlight--;
    if (f.signal() != Feedback.Signal.NO_ANSWER) {
      requests++;
      totalFetchMs += f.fetchMs();
    }
    long delay = Math.max(p.delay().toMillis(), crawlDelayMs);
    // A zero delay means "as fast as the host answers": no adaptive delay either.
    if (p.delayFactor() > 0 && f.fetchMs() > 0 && !p.delay().isZero()) {
      long adaptive = Math.min(p.maxDelay().toMillis(), (long) (p.delayFactor() * f.fetchMs()));
      delay = Math.max(delay, adaptive);
    }
    lastDelayMs = delay;
    nextAllowedAt = Math.max(nextAllowedAt, now + delay);
    switch (f.signal()) {
      case OK -> {
        throttleLevel = 0;
        consecutiveFailures = 0;
        breakerTrips = 0;
      }
      case THROTTLED -> {
        failures++;
        throttleLevel++;
        long backoff = shifted(p.throttlePause().toMillis(), throttleLevel - 1);
        long pause = f.retryAfterMs() >= 0 ? f.retryAfterMs() : backoff;
        pause(now, Math.min(pause, p.maxThrottlePause().toMillis()), f.reason());
      }
      case UNREACHABLE -> {
        failures++;
        if (++consecutiveFailures >= p.breakerFailures()) {
          consecutiveFailures = 0;
          breakerTrips++;
          if (breakerTrips >= p.breakerMaxTrips()) {
            dead = true;
          } else {
            pause(now, shifted(p.breakerPause().toMillis(), breakerTrips - 1), "breaker");
          }
        }
      }
      case FAILED -> failures++;
      case NO_ANSWER -> {}
    }
  }

  /** Nothing is asked of the host before {@code now + millis}. */
  void pause(long now, long millis, String reason) {
    pauses++;
    lastPause = reason;
    pausedUntil = Math.max(pausedUntil, now + millis);
    nextAllowedAt = Math.max(nextAllowedAt, pausedUntil);
  }

  HostReport report(long now) {
    String state;
    if (dead) {
      state = "unreachable";
    } else if (robots == Robots.GAVE_UP) {
      state = "robots-unavailable";
    } else if (pausedUntil > now) {
      state = "paused";
    } else if (inFlight > 0 || !jobs.isEmpty()) {
      state = "active";
    } else {
      state = "done";
    }
    return new HostReport(key, requests, failures, requests == 0 ? 0 : totalFetchMs / requests,
        lastDelayMs, pauses, lastPause, state, crawlDelayCapped);
  }

  private static long shifted(long base, int doublings) {
    return doublings >= 30 ? Long.MAX_VALUE / 4 : base << Math.max(0, doublings);
  }

  @Override
  public String toString() {
    return key;
  }
}
