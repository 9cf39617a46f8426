package io.akkacrawler.config;

import java.time.Duration;

/** Retries of failures that may pass: exponential back-off with full jitter, Retry-After capped. */
public record RetrySettings(
    int maxAttempts, Duration baseDelay, Duration maxDelay, Duration retryAfterCap) {}
