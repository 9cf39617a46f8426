package io.akkacrawler.cluster;

import io.akkacrawler.state.Fingerprint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The links to follow that a slot's answers gave the coordinator, which admitted them (its seen set
 * holds each one from then on): a page's links that are among them need not cross the network
 * again. Documentation sites repeat the same navigation links on every page, so most of a page's
 * links are dropped here. A fixed-size direct-mapped cache of fingerprints: it forgets (a link is
 * sent again, harmlessly) but never drops a link it was not given. One per slot, used on its
 * thread; a new coordinator (a resumed crawl) means a new node and new slots, so nothing cached
 * outlives the seen set it stands for.
 */
final class TakenLinks {
  private static final int SIZE = 1 << 12;

  private final long[] fingerprints = new long[SIZE];

  /** The fingerprints of the links the last {@link #unsent} kept, until {@link #taken}. */
  private long[] pending = new long[64];

  private int pendingCount;

  /**
   * The links of {@code follow} not known to be admitted (the same list when none is); {@link
   * #taken} records them once the coordinator has taken the answer they go in.
   */
  List<String> unsent(List<String> follow) {
    pendingCount = 0;
    List<String> unsent = null;
    for (int i = 0; i < follow.size(); i++) {
      String link = follow.get(i);
      long fp = Fingerprint.of(link);
      if (taken(fp)) {
        if (unsent == null) {
          unsent = new ArrayList<>(follow.subList(0, i));
        }
        continue;
      } else if (unsent != null) {
        unsent.add(link);
      }
      if (pendingCount == pending.length) {
        pending = Arrays.copyOf(pending, pendingCount * 2);
      }
      pending[pendingCount++] = fp;
    }
    return unsent == null ? follow : unsent;
  }

  /** The coordinator admitted the links the last {@link #unsent} kept. */
  void taken() {
    for (int i = 0; i < pendingCount; i++) {
      long fp = pending[i];
      if (fp != 0) {
        fingerprints[(int) (fp & (SIZE - 1))] = fp;
      }
    }
    pendingCount = 0;
  }

  private boolean taken(long fp) {
    return fp != 0 && fingerprints[(int) (fp & (SIZE - 1))] == fp;
  }
}
