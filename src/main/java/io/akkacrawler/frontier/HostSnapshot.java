package io.akkacrawler.frontier;

import io.akkacrawler.robots.RobotsRules;
import java.util.List;

/**
 * What is kept of a host across a restart: its store id, robots.txt rules, pauses (as wall-clock
 * times) and health counters. Written as JSON in the store's host table (a field missing from an
 * older snapshot reads as false, 0 or null).
 */
record HostSnapshot(
    long id,
    String robots,
    RobotsRules rules,
    long robotsExpireAtEpochMs,
    int robotsFailures,
    long crawlDelayMs,
    boolean crawlDelayCapped,
    boolean sitemapsDiscovered,
    int sitemapFiles,
    List<String> sitemaps,
    int throttleLevel,
    int consecutiveFailures,
    int breakerTrips,
    boolean dead,
    long pausedUntilEpochMs,
    long requests,
    long failures,
    long totalFetchMs,
    int pauses,
    String lastPause,
    boolean answered,
    int unansweredFailures,
    String lastError,
    boolean tlsRefused,
    long committed) {}
