package io.akkacrawler.state;

/**
 * The in-memory front of the seen set: a Bloom filter that answers "certainly new" for most new
 * URLs, and a direct-mapped cache of recent fingerprints that answers "certainly seen" for the
 * links every page repeats. Only the rest needs the store. Fixed size, whatever the crawl's size.
 */
final class SeenFilter {
  private static final int HASHES = 7;

  private final long[] bits;
  private final long bitCount;
  private final long[] recent;
  private final int recentMask;

  /**
   * @param expected URLs the filter is sized for (about 1% false positives at that count)
   * @param recentSlots size of the cache of recent fingerprints, a power of two
   */
  SeenFilter(long expected, int recentSlots) {
    long m = Math.max(1024, (long) (-expected * Math.log(0.01) / (Math.log(2) * Math.log(2))));
    this.bits = new long[(int) Math.min((m + 63) / 64, Integer.MAX_VALUE - 8)];
    this.bitCount = (long) bits.length * 64;
    this.recent = new long[Integer.highestOneBit(Math.max(2, recentSlots))];
    this.recentMask = recent.length - 1;
  }

  void add(long fp) {
    long h2 = Fingerprint.mix(fp ^ 0x9e3779b97f4a7c15L) | 1;
    for (int i = 0; i < HASHES; i++) {
      long bit = Math.floorMod(fp + i * h2, bitCount);
      bits[(int) (bit >>> 6)] |= 1L << bit;
    }
    remember(fp);
  }

  /** False when the fingerprint was certainly never added. */
  boolean mightContain(long fp) {
    long h2 = Fingerprint.mix(fp ^ 0x9e3779b97f4a7c15L) | 1;
    for (int i = 0; i < HASHES; i++) {
      long bit = Math.floorMod(fp + i * h2, bitCount);
      if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** True when the fingerprint is certainly in the set (it was added or confirmed recently). */
  boolean recentlySeen(long fp) {
    return fp != 0 && recent[(int) (fp & recentMask)] == fp;
  }

  void remember(long fp) {
    recent[(int) (fp & recentMask)] = fp;
  }

  long memoryBytes() {
    return (bits.length + recent.length) * 8L;
  }
}
