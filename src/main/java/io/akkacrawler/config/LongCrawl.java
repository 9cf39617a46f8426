package io.akkacrawler.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JIT a crawl ran with, against its length: {@code ./crawl} compiles with C1 alone unless told
 * the crawl is long ({@code --long}, or {@code --max-pages} of 50,000 or more), and C2 repays its
 * compilations past some 30,000 pages (README, "Long crawls"). A crawl or a worker that went that
 * far on C1 alone says so at its end.
 */
public final class LongCrawl {
  /** Pages fetched past which C2 repays its compilations. */
  public static final long PAGES = 30_000;

  private LongCrawl() {}

  /**
   * The hint for {@code fetched} pages fetched by a JVM that compiles with C1 alone or not ({@code
   * c1Only}): null unless the crawl was long enough for {@code --long} to have paid.
   */
  public static String hint(long fetched, boolean c1Only) {
    if (!c1Only || fetched < PAGES) {
      return null;
    }
    return "a long crawl on C1 alone: with --long ./crawl compiles with C2 too, ~40% less CPU per"
        + " page past ~30,000 pages";
  }

  /** The hint for {@code fetched} pages fetched by this JVM (null when there is none). */
  public static String hint(long fetched) {
    return fetched < PAGES ? null : hint(fetched, c1Only());
  }

  /** True when this JVM compiles with C1 alone ({@code ./crawl}'s choice for short crawls). */
  static boolean c1Only() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) < 4;
    } catch (RuntimeException e) {
      return false; // not HotSpot: nothing to say
    }
  }
}
