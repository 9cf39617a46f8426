package io.akkacrawler.bench;

/**
 * What one benchmark run measured in its own process (a JVM of ours, or a peer's).
 *
 * @param pages pages fetched, parsed or crawled (records, for a crawl)
 * @param bytes body bytes of those pages
 * @param seconds the run's own timer (for a crawl, from its start to its last page)
 * @param cpuMs process CPU time of the run (all threads), excluding JVM start-up; -1 when unknown
 * @param peakRssKb the process's peak resident set (VmHWM); -1 when unknown
 * @param gcMs time spent in garbage collection; -1 when unknown
 * @param wallSeconds the whole process by the wall clock, JVM or interpreter start included (set by
 *     the bench, which started the process; null inside it)
 */
public record RunResult(
    String run,
    long pages,
    long bytes,
    double seconds,
    double cpuMs,
    long peakRssKb,
    long gcMs,
    Double wallSeconds) {
  /** This result with the wall-clock time of the process that measured it. */
  public RunResult withWall(double wall) {
    return new RunResult(run, pages, bytes, seconds, cpuMs, peakRssKb, gcMs, wall);
  }

  /** Pages per second of the whole process by the wall clock, or null when unknown. */
  public Double wallPagesPerSecond() {
    return wallSeconds == null || wallSeconds <= 0 ? null : pages / wallSeconds;
  }

  public double pagesPerSecond() {
    return seconds <= 0 ? 0 : pages / seconds;
  }

  public double megabytesPerSecond() {
    return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
  }

  public double cpuMsPerPage() {
    return pages == 0 || cpuMs < 0 ? 0 : cpuMs / pages;
  }
}
