package io.akkacrawler.config;

/** Whether and how much of the hosts' sitemaps is read. */
public record SitemapSettings(boolean enabled, long maxBytes, int maxFilesPerHost) {}
