package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.akkacrawler.job.CrawlJob;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryQueueTest {
  private final RetryQueue queue = new RetryQueue();

  private static CrawlJob job(long id) {
    return CrawlJob.of(id, "http://a.test/" + id, 0, null);
  }

  private List<Long> due(long now) {
    List<Long> ids = new ArrayList<>();
    queue.takeDue(now, j -> ids.add(j.id()));
    return ids;
  }

  @Test
  void handsOutJobsWhenTheirTimeComesEarliestFirst() {
    queue.add(job(1), 300);
    queue.add(job(2), 100);
    queue.add(job(3), 200);
    assertEquals(100, queue.nextNotBefore());
    assertEquals(List.of(), due(99));
    assertEquals(List.of(2L, 3L), due(200));
    assertEquals(1, queue.size());
    assertEquals(List.of(1L), due(1_000));
    assertEquals(Long.MAX_VALUE, queue.nextNotBefore());
  }

  @Test
  void aJobFinishedWhileWaitingIsNotHandedOut() {
    queue.add(job(1), 100);
    assertEquals(job(1), queue.remove(1));
    assertNull(queue.remove(1));
    assertEquals(0, queue.size());
    assertEquals(List.of(), due(100));
  }

  @Test
  void aJobWaitingAgainWaitsForItsLatestTime() {
    queue.add(job(1), 100);
    queue.add(job(1).nextAttempt(), 500);
    assertEquals(List.of(), due(100), "the earlier entry is stale");
    assertEquals(List.of(1L), due(500));
  }
}
