package io.akkacrawler.frontier;

import java.util.function.LongSupplier;

/**
 * The two clocks a crawl reads: a monotonic one in milliseconds for deadlines, delays and pauses,
 * and the wall clock that host pauses are saved in so that they hold across a restart.
 */
public record CrawlClock(LongSupplier monotonicMs, LongSupplier epochMs) {
  /** The system's clocks: {@code System.nanoTime()} in milliseconds and the wall clock. */
  public static CrawlClock system() {
    return new CrawlClock(() -> System.nanoTime() / 1_000_000, System::currentTimeMillis);
  }

  /** Milliseconds of the monotonic clock. */
  public long now() {
    return monotonicMs.getAsLong();
  }

  /** Milliseconds since the epoch. */
  public long epochNow() {
    return epochMs.getAsLong();
  }
}
