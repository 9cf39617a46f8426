package io.akkacrawler.frontier;

import io.akkacrawler.job.CrawlJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the frontier has handed out and not heard back about, with deadlines: page jobs by job id
 * with their current dispatch id, jobs waiting for a record decided without a request, and
 * robots.txt and sitemap requests by dispatch id; finds the dispatches past their deadline.
 */
final class InFlightTable {
  /** A page job in flight to {@code host}, or waiting for its record ({@code host} null). */
  record Entry(CrawlJob job, long dispatchId, long deadline, HostQueue host) {}

  /** A robots.txt request ({@code sitemapUrl} null) or a sitemap request to {@code host}. */
  record Task(HostQueue host, String sitemapUrl, long deadline) {}

  private final long deadlineMs;
  private final Map<Long, Entry> jobs = new HashMap<>();
  private final Map<Long, Task> tasks = new HashMap<>();
  private long nextDispatchId = 1;
  private int dispatched;

  /** Requests are due back within {@code deadlineMs} of their dispatch. */
  InFlightTable(long deadlineMs) {
    this.deadlineMs = deadlineMs;
  }

  /** The job is dispatched to {@code host} at {@code now}: its new dispatch id. */
  long dispatchPage(CrawlJob job, HostQueue host, long now) {
    host.inFlight++;
    long dispatchId = nextDispatchId++;
    jobs.put(job.id(), new Entry(job, dispatchId, now + deadlineMs, host));
    dispatched++;
    return dispatchId;
  }

  /** A robots.txt ({@code sitemapUrl} null) or sitemap request to {@code host}: its dispatch id. */
  long dispatchTask(HostQueue host, String sitemapUrl, long now) {
    host.inFlight++;
    dispatched++;
    long dispatchId = nextDispatchId++;
    tasks.put(dispatchId, new Task(host, sitemapUrl, now + deadlineMs));
    return dispatchId;
  }

  /** The job waits for its record (decided without a fetch) and is outstanding until then. */
  void awaitRecord(CrawlJob job) {
    jobs.put(job.id(), new Entry(job, 0, Long.MAX_VALUE, null));
  }

  /** Ends the dispatch {@code dispatchId} of a job: its entry, or null when it is not current. */
  Entry endDispatch(long jobId, long dispatchId) {
    Entry e = jobs.get(jobId);
    if (e == null || e.host() == null || e.dispatchId() != dispatchId) {
      return null;
    }
    jobs.remove(jobId);
    dispatched--;
    return e;
  }

  /** The job is no longer outstanding, whatever its dispatch: its entry, or null when unknown. */
  Entry remove(long jobId) {
    Entry e = jobs.remove(jobId);
    if (e != null && e.host() != null) {
      dispatched--;
    }
    return e;
  }

  /** Ends a robots.txt or sitemap request: the task, or null when it ended already. */
  Task endTask(long dispatchId) {
    Task task = tasks.remove(dispatchId);
    if (task != null) {
      dispatched--;
    }
    return task;
  }

  /** Page dispatches past their deadline at {@code now}, removed. */
  List<Entry> removeOverduePages(long now) {
    List<Entry> late = new ArrayList<>();
    for (Iterator<Entry> it = jobs.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.host() != null && e.deadline() <= now) {
        it.remove();
        dispatched--;
        late.add(e);
      }
    }
    return late;
  }

  /** Dispatch ids of robots.txt and sitemap requests past their deadline (still in the table). */
  List<Long> overdueTasks(long now) {
    List<Long> late = new ArrayList<>();
    for (Map.Entry<Long, Task> e : tasks.entrySet()) {
      if (e.getValue().deadline() <= now) {
        late.add(e.getKey());
      }
    }
    return late;
  }

  /** The request of {@code dispatchId} is for a sitemap (not a robots.txt). */
  boolean isSitemap(long dispatchId) {
    Task task = tasks.get(dispatchId);
    return task != null && task.sitemapUrl() != null;
  }

  /** Requests handed out and not yet answered (pages, robots.txt, sitemaps). */
  int dispatched() {
    return dispatched;
  }

  /** Jobs dispatched or waiting for their record. */
  int outstanding() {
    return jobs.size();
  }

  /** Nothing is dispatched or waiting for a record. */
  boolean isEmpty() {
    return jobs.isEmpty() && tasks.isEmpty();
  }
}
