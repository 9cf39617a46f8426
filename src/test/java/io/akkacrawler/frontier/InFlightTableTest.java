package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.job.CrawlJob;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightTableTest {
  private final InFlightTable table = new InFlightTable(1_000);
  private final HostQueue host = new HostQueue("http://a.test:80", 1, 1);
  private final CrawlJob job = CrawlJob.of(7, "http://a.test/", 0, null);

  @Test
  void onlyTheCurrentDispatchOfAJobEnds() {
    long first = table.dispatchPage(job, host, 0);
    assertEquals(1, host.inFlight);
    assertEquals(1, table.removeOverduePages(1_000).size());
    long second = table.dispatchPage(job.redispatched(), host, 1_000);
    assertNull(table.endDispatch(job.id(), first));
    assertNotNull(table.endDispatch(job.id(), second));
    assertEquals(0, table.dispatched());
    assertTrue(table.isEmpty());
  }

  @Test
  void findsPagesAndRequestsPastTheirDeadline() {
    table.dispatchPage(job, host, 0);
    long robots = table.dispatchTask(host, null, 500);
    long sitemap = table.dispatchTask(host, "http://a.test/sitemap.xml", 600);
    assertEquals(3, table.dispatched());
    assertEquals(List.of(), table.removeOverduePages(999));
    assertEquals(1, table.removeOverduePages(1_000).size());
    assertEquals(List.of(robots), table.overdueTasks(1_500));
    assertFalse(table.isSitemap(robots));
    assertTrue(table.isSitemap(sitemap));
    assertNotNull(table.endTask(robots));
    assertNull(table.endTask(robots), "a task ends once");
    assertEquals(1, table.dispatched());
  }

  @Test
  void aJobAwaitingItsRecordIsOutstandingButNotDispatched() {
    table.awaitRecord(job);
    assertEquals(1, table.outstanding());
    assertEquals(0, table.dispatched());
    assertEquals(List.of(), table.removeOverduePages(Long.MAX_VALUE));
    assertNull(table.endDispatch(job.id(), 0), "no dispatch to end");
    assertNotNull(table.remove(job.id()));
    assertTrue(table.isEmpty());
  }
}
