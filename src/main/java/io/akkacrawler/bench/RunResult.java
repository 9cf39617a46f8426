package io.akkacrawler.bench;

/**
 * What one benchmark run measured in its own JVM.
 *
 * @param pages pages fetched, parsed or crawled (records, for a crawl)
 * @param bytes body bytes of those pages
 * @param cpuMs process CPU time of the run (all threads), excluding JVM start-up
 * @param peakRssKb the process's peak resident set (VmHWM)
 * @param gcMs time spent in garbage collection
 */
public record RunResult(
    String run, long pages, long bytes, double seconds, double cpuMs, long peakRssKb, long gcMs) {
  public double pagesPerSecond() {
    return seconds <= 0 ? 0 : pages / seconds;
  }

  public double megabytesPerSecond() {
    return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
  }

  public double cpuMsPerPage() {
    return pages == 0 ? 0 : cpuMs / pages;
  }
}
