package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The distributor's book: credit per node, batches, and the jobs of a node that left. */
class JobBookTest {
  private static final long DEADLINE = TimeUnit.SECONDS.toNanos(90);

  private final JobBook<String> book = new JobBook<>(DEADLINE);

  private static Fetcher.Command job(long n) {
    return new Fetcher.Fetch(CrawlJob.of(n, "http://a.test/" + n, 0, null), n, null);
  }

  private void add(long from, long to) {
    LongStream.rangeClosed(from, to).forEach(n -> book.add(job(n)));
  }

  /** The dispatch ids of every batch {@code next} gives now, per batch, with their node. */
  private List<String> drain() {
    List<String> sent = new ArrayList<>();
    for (var b = book.next(0); b != null; b = book.next(0)) {
      sent.add(b.feed() + b.jobs().stream().map(JobBook::dispatchId).toList());
    }
    return sent;
  }

  @Test
  void aNodeGetsNoMoreThanItsWindowUntilItReportsJobsDone() {
    add(1, 10);
    assertNull(book.next(0), "no node yet");
    book.listed(Set.of("a"));
    assertNull(book.next(0), "a listed node that has not pulled has no credit");
    book.pulled("a", 4, List.of());
    assertEquals(List.of("a[1]", "a[2]", "a[3]", "a[4]"), drain(), "a quarter window a batch");
    assertEquals(4, book.held("a"));
    assertEquals(6, book.waiting());

    book.pulled("a", 4, List.of(2L, 3L, 99L)); // 99: not one of a's, ignored
    assertEquals(List.of("a[5]", "a[6]"), drain());
    assertEquals(4, book.held("a"));
  }

  @Test
  void nodesWithTheSameCreditShareTheLine() {
    book.pulled("a", 8, List.of()); // known in this order: a, then b
    book.pulled("b", 8, List.of());
    book.listed(Set.of("a", "b"));
    add(1, 8);
    assertEquals(List.of("a[1, 2]", "b[3, 4]", "a[5, 6]", "b[7, 8]"), drain());
  }

  @Test
  void theJobsOfANodeThatLeftGoFirstToTheOthersInTheirOrder() {
    book.listed(Set.of("a"));
    book.pulled("a", 400, List.of());
    add(1, 3);
    assertEquals(List.of("a[1, 2, 3]"), drain());
    add(4, 5); // waiting: no node has room now
    book.pulled("a", 0, List.of());

    assertEquals(3, book.listed(Set.of("b")), "a left with 3 jobs");
    assertEquals(0, book.held("a"));
    book.pulled("a", 400, List.of()); // a late pull from a node that left: it gets nothing
    assertNull(book.next(0));
    book.pulled("b", 400, List.of());
    assertEquals(List.of("b[1, 2, 3, 4, 5]"), drain());
    assertEquals(0, book.listed(Set.of("b")), "no node left");
  }

  @Test
  void jobsHeldPastTheDispatchDeadlineNoLongerTakeRoom() {
    book.listed(Set.of("a"));
    book.pulled("a", 2, List.of());
    add(1, 3);
    book.next(0);
    book.next(0);
    assertNull(book.next(0));
    assertEquals(0, book.sweep(DEADLINE), "not past the deadline yet");
    assertEquals(2, book.sweep(DEADLINE + 1));
    assertEquals(List.of("a[3]"), drain());
  }

  @Test
  void aBatchStaysFarBelowTheFrameSizeWhateverItsUrls() {
    book.listed(Set.of("a"));
    book.pulled("a", 4 * JobBook.MAX_BATCH, List.of());
    String longPath = "x".repeat(4000);
    for (long n = 1; n <= JobBook.MAX_BATCH; n++) {
      book.add(
          new Fetcher.Fetch(CrawlJob.of(n, "http://a.test/" + longPath + n, 0, null), n, null));
    }
    int batches = 0;
    for (var b = book.next(0); b != null; b = book.next(0)) {
      batches++;
      long chars = b.jobs().stream().mapToLong(j -> ((Fetcher.Fetch) j).job().url().length()).sum();
      assertTrue(chars < JobBook.MAX_BATCH_CHARS + 5000, chars + " characters in one batch");
    }
    assertTrue(batches > 1, "long URLs take several batches");
    assertEquals(JobBook.MAX_BATCH, book.held("a"));
  }
}
