package io.akkacrawler.state;

/**
 * 64-bit fingerprints of normalized URLs: the seen set on disk keeps these instead of the URLs.
 * FNV-1a over the characters with MurmurHash3's final mix; at 10 million URLs the chance of any
 * collision is about one in 360,000.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static long of(String url) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < url.length(); i++) {
      h ^= url.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3 fmix64: spreads every input bit over the whole word. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
