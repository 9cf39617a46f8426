package io.akkacrawler;

/**
 * How the crawl treated one host (scheme://host:port), for the summary.
 *
 * @param requests requests made to the host (robots.txt and sitemaps included)
 * @param failures requests that failed or were throttled (429/503)
 * @param avgFetchMs mean response time
 * @param delayMs the pause between requests the host ended with
 * @param pauses times the host was paused (throttling, circuit breaker, unreachable robots.txt)
 * @param lastPause why it was last paused, or null
 * @param state active, paused, done, unreachable (breaker gave up) or robots-unavailable
 * @param crawlDelayCapped its robots.txt asked for a Crawl-delay above the cap
 * @param budgetReached links to it were left out: it had its {@code max-pages-per-host}
 */
public record HostReport(
    String host,
    long requests,
    long failures,
    long avgFetchMs,
    long delayMs,
    int pauses,
    String lastPause,
    String state,
    boolean crawlDelayCapped,
    boolean budgetReached) {}
