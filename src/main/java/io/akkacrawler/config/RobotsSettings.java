package io.akkacrawler.config;

import java.time.Duration;

/** How robots.txt is fetched, cached and obeyed. */
public record RobotsSettings(
    boolean enabled,
    String agent,
    Duration cacheTtl,
    Duration maxCrawlDelay,
    long maxBytes,
    Duration retryPause,
    int maxAttempts,
    boolean honorRelNofollow) {}
