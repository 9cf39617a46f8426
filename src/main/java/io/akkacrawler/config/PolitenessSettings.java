package io.akkacrawler.config;

import java.time.Duration;

/**
 * Per-host limits the frontier applies when it hands out URLs: concurrency, delay (fixed and
 * adaptive), pauses of throttling hosts and the circuit breaker of unreachable ones.
 */
public record PolitenessSettings(
    int maxPerHost,
    Duration delay,
    double delayFactor,
    Duration maxDelay,
    Duration throttlePause,
    Duration maxThrottlePause,
    int breakerFailures,
    Duration breakerPause,
    int breakerMaxTrips) {}
