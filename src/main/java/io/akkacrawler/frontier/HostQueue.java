package io.akkacrawler.frontier;

import crawlercommons.robots.SimpleRobotRules;
import io.akkacrawler.HostReport;
import io.akkacrawler.config.PolitenessSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsRules;
import java.util.ArrayDeque;
import java.util.List;

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

  /** The host's number in the store: its jobs are keyed by it. */
  final long id;

  /**
   * The in-memory window of the host's queue; more jobs may wait in the store. Small at first (the
   * deques grow as needed): with a million hosts the default 16 slots cost 60 MB.
   */
  final ArrayDeque<CrawlJob> jobs = new ArrayDeque<>(2);

  /** Jobs of this host's key range in the store that are not in a window yet. */
  long unloaded;

  /** The highest job id of this host's key range that was put in a window. */
  long cursor;

  final ArrayDeque<String> sitemaps = new ArrayDeque<>(1);
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

  /** The host has answered at least once (any HTTP response, robots.txt included). */
  boolean answered;

  /** Refused connections or unresolved names while the host has never answered. */
  int unansweredFailures;

  /** What went wrong the last time the host could not be reached ("connection refused"). */
  String lastError;

  /** Given up because its certificate was refused: its URLs fail with tls-error. */
  boolean tlsRefused;

  /** URLs of this host admitted to the frontier: done, in flight or queued. */
  long admitted;

  /** Records of this host's URLs committed to the output (kept across a restart). */
  long committed;

  /** A link was left out because the host had its {@code max-pages-per-host}. */
  boolean overBudget;

  /**
   * A host that never answered is given up after this many refused or timed-out connections or
   * unresolved names: it is not there, and the breaker's patience is for hosts that fail now and
   * then.
   */
  static final int UNANSWERED_GIVE_UP = 2;

  /** The pause before a host that never answered is tried again. */
  static final long UNANSWERED_RETRY_MS = 1_000;

  long requests;
  long failures;
  long totalFetchMs;
  long lastDelayMs;
  int pauses;
  String lastPause;

  HostQueue(String key, long id, long turn) {
    this.key = key;
    this.id = id;
    this.turn = turn;
  }

  /** Jobs waiting, in the window or in the store. */
  boolean hasJobs() {
    return !jobs.isEmpty() || unloaded > 0;
  }

  /** The state worth keeping across a restart; monotonic times become wall-clock times. */
  HostSnapshot snapshot(long now, long epochNow) {
    return new HostSnapshot(
        id,
        robots == Robots.FETCHING ? Robots.UNKNOWN.name() : robots.name(),
        rules,
        robotsExpireAt == 0 ? 0 : epochNow + (robotsExpireAt - now),
        robotsFailures,
        crawlDelayMs,
        crawlDelayCapped,
        sitemapsDiscovered,
        sitemapFiles,
        List.copyOf(sitemaps),
        throttleLevel,
        consecutiveFailures,
        breakerTrips,
        dead,
        pausedUntil <= now ? 0 : epochNow + (pausedUntil - now),
        requests,
        failures,
        totalFetchMs,
        pauses,
        lastPause,
        answered,
        unansweredFailures,
        lastError,
        tlsRefused,
        committed);
  }

  /** A host as it was saved, with its times turned back into this run's monotonic clock. */
  static HostQueue restore(String key, HostSnapshot s, long turn, long now, long epochNow) {
    HostQueue h = new HostQueue(key, s.id(), turn);
    h.robots = Robots.valueOf(s.robots());
    h.rules = s.rules();
    if (h.robots == Robots.KNOWN && s.rules() != null) {
      h.matcher = s.rules().mode() == RobotsRules.Mode.ALLOW_ALL ? null : s.rules().toMatcher();
      h.robotsExpireAt = now + Math.max(0, s.robotsExpireAtEpochMs() - epochNow);
    } else if (h.robots == Robots.KNOWN) {
      h.robots = Robots.UNKNOWN;
    }
    h.robotsFailures = s.robotsFailures();
    h.crawlDelayMs = s.crawlDelayMs();
    h.crawlDelayCapped = s.crawlDelayCapped();
    h.sitemapsDiscovered = s.sitemapsDiscovered();
    h.sitemapFiles = s.sitemapFiles();
    h.sitemaps.addAll(s.sitemaps());
    h.throttleLevel = s.throttleLevel();
    h.consecutiveFailures = s.consecutiveFailures();
    h.breakerTrips = s.breakerTrips();
    h.dead = s.dead();
    if (s.pausedUntilEpochMs() > epochNow) {
      h.pausedUntil = now + (s.pausedUntilEpochMs() - epochNow);
      h.nextAllowedAt = h.pausedUntil;
    }
    h.requests = s.requests();
    h.failures = s.failures();
    h.totalFetchMs = s.totalFetchMs();
    h.pauses = s.pauses();
    h.lastPause = s.lastPause();
    h.answered = s.answered();
    h.unansweredFailures = s.unansweredFailures();
    h.lastError = s.lastError();
    h.tlsRefused = s.tlsRefused();
    h.committed = s.committed();
    return h;
  }

  /** URLs of this host are skipped or failed without a request. */
  boolean givenUp() {
    return dead || robots == Robots.GAVE_UP;
  }

  /** The record error for URLs of a given-up host: what happened, and how often. */
  String givenUpError() {
    if (!dead || lastError == null) {
      return null;
    }
    if (tlsRefused) {
      return lastError;
    }
    return lastError + " (" + failures + (failures == 1 ? " attempt)" : " attempts)");
  }

  /** The record reason for URLs of a given-up host. */
  Reason givenUpReason() {
    return tlsRefused
        ? Reason.TLS_ERROR
        : dead ? Reason.HOST_UNREACHABLE : Reason.ROBOTS_UNAVAILABLE;
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
    // A zero delay means "as fast as the host answers": no adaptive delay either. A connection that
    // never opened measured no response time: the breaker, not the delay, answers it.
    if (p.delayFactor() > 0
        && f.fetchMs() > 0
        && (f.reason() == null || !f.reason().isHardFailure())
        && !p.delay().isZero()) {
      long adaptive = Math.min(p.maxDelay().toMillis(), (long) (p.delayFactor() * f.fetchMs()));
      delay = Math.max(delay, adaptive);
    }
    lastDelayMs = delay;
    nextAllowedAt = Math.max(nextAllowedAt, now + delay);
    if (f.signal() != Feedback.Signal.NO_ANSWER && f.signal() != Feedback.Signal.UNREACHABLE) {
      answered = true;
    }
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
        pause(now, Math.min(pause, p.maxThrottlePause().toMillis()), "throttled");
      }
      case UNREACHABLE -> {
        failures++;
        lastError = f.detail() != null ? f.detail() : f.reason().label(0);
        if (!answered
            && f.reason() != null
            && f.reason().isHardFailure()
            && ++unansweredFailures >= UNANSWERED_GIVE_UP) {
          dead = true;
        } else if (++consecutiveFailures >= p.breakerFailures()) {
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
      state = tlsRefused ? "tls-error" : "unreachable";
    } else if (robots == Robots.GAVE_UP) {
      state = "robots-unavailable";
    } else if (pausedUntil > now) {
      state = "paused";
    } else if (inFlight > 0 || hasJobs()) {
      state = "active";
    } else {
      state = "done";
    }
    return new HostReport(
        key,
        requests,
        failures,
        requests == 0 ? 0 : totalFetchMs / requests,
        lastDelayMs,
        pauses,
        lastPause,
        state,
        crawlDelayCapped,
        overBudget);
  }

  private static long shifted(long base, int doublings) {
    return doublings >= 30 ? Long.MAX_VALUE / 4 : base << Math.max(0, doublings);
  }

  @Override
  public String toString() {
    return key;
  }
}
