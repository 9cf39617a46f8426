package io.akkacrawler.cluster;

import io.akkacrawler.state.Fingerprint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The links to follow that a node's answers gave the coordinator, which admitted them (its seen set
 * holds each one from then on): a page's links that are among them need not cross the network
 * again. Most of a page's links were on an earlier page that some slot of the node answered
 * (navigation repeated on every page; and on any site, once a node has answered a few hundred
 * pages, the links of the next one), so most of them are dropped here. A fixed-size direct-mapped
 * cache of fingerprints: it forgets (a link is sent again, harmlessly) but never drops a link it
 * was not given. Links count as taken only once the coordinator's receipt for the answer that
 * carried them comes: an answer lost on the way takes none of its links into the cache. One per
 * node, in its {@link AnswerOutbox}; a new coordinator (a resumed crawl) means a new node, so
 * nothing cached outlives the seen set it stands for.
 */
final class TakenLinks {
  static final int SIZE = 1 << 16;

  /** Answers whose links wait for a receipt at most; the oldest beyond are forgotten (resent). */
  static final int MAX_PENDING = 4096;

  private final long[] fingerprints = new long[SIZE];

  /** The fingerprints of the links each answer sent, by dispatch, until {@link #answered}. */
  private final Map<Long, long[]> pending =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
          return size() > MAX_PENDING;
        }
      };

  /**
   * The links of {@code follow} not known to be admitted (the same list when none is), to go in the
   * answer of dispatch {@code dispatchId}; {@link #answered} records them once the coordinator has
   * taken that answer.
   */
  List<String> unsent(long dispatchId, List<String> follow) {
    long[] sent = new long[follow.size()];
    int count = 0;
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
      sent[count++] = fp;
    }
    if (count > 0) {
      pending.put(dispatchId, count == sent.length ? sent : Arrays.copyOf(sent, count));
    } else {
      pending.remove(dispatchId);
    }
    return unsent == null ? follow : unsent;
  }

  /**
   * The coordinator took the answer of dispatch {@code dispatchId}: it {@code admitted} the links
   * that answer sent, or (a page it did not take, or whose answer a failure replaced) none.
   */
  void answered(long dispatchId, boolean admitted) {
    long[] sent = pending.remove(dispatchId);
    if (sent != null && admitted) {
      for (long fp : sent) {
        if (fp != 0) {
          fingerprints[(int) (fp & (SIZE - 1))] = fp;
        }
      }
    }
  }

  private boolean taken(long fp) {
    return fp != 0 && fingerprints[(int) (fp & (SIZE - 1))] == fp;
  }
}
