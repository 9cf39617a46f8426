package io.akkacrawler.config;

import java.time.Duration;

/** Per-host limits the frontier applies when it hands out URLs. */
public record PolitenessSettings(int maxPerHost, Duration delay) {}
