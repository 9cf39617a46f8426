package io.akkacrawler.config;

import java.time.Duration;

/** How one URL is fetched over HTTP. */
public record FetchSettings(
    String userAgent,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRedirects,
    long maxBodyBytes,
    long maxDecodedBytes) {}
