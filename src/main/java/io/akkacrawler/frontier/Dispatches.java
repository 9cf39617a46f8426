package io.akkacrawler.frontier;

import io.akkacrawler.config.PolitenessSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsFetched;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out the frontier's work and takes it back: what the host whose turn has come is asked (a
 * record without a request, its robots.txt, a sitemap, a page), and the end of each request, which
 * frees the host's slot and moves its clock, on an answer or past the deadline.
 */
final class Dispatches {
  private final PolitenessSettings politeness;
  private final HostScheduler hosts;
  private final InFlightTable inFlight;
  private final RetryQueue retries;
  private final RobotsAndSitemaps sites;
  private final FrontierPersistence persistence;

  Dispatches(
      PolitenessSettings politeness,
      HostScheduler hosts,
      InFlightTable inFlight,
      RetryQueue retries,
      RobotsAndSitemaps sites,
      FrontierPersistence persistence) {
    this.politeness = politeness;
    this.hosts = hosts;
    this.inFlight = inFlight;
    this.retries = retries;
    this.sites = sites;
    this.persistence = persistence;
  }

  /** See {@link Frontier#poll}. */
  Frontier.Work poll(long now) {
    retries.takeDue(now, job -> hosts.addFirst(hosts.hostOf(job), job));
    for (HostQueue host = hosts.nextReady(now); host != null; host = hosts.nextReady(now)) {
      Frontier.Work work = next(host, now);
      hosts.reindex(host);
      if (work != null) {
        return work;
      }
    }
    return null;
  }

  private Frontier.Work next(HostQueue host, long now) {
    if (host.givenUp()) {
      CrawlJob job = hosts.take(host);
      if (job == null) {
        return null;
      }
      inFlight.awaitRecord(job);
      Frontier.Skip preset = hosts.takePreset(job.id());
      return preset != null
          ? preset
          : new Frontier.Skip(job, host.givenUpReason(), host.dead, host.givenUpError());
    }
    CrawlJob head = hosts.peek(host);
    if (head != null && hosts.hasPreset(head.id())) {
      hosts.take(host);
      inFlight.awaitRecord(head);
      return hosts.takePreset(head.id());
    }
    if (sites.startRobots(host, now)) {
      return new Frontier.FetchRobots(host.key, inFlight.dispatchTask(host, null, now));
    }
    String sitemap = sites.takeSitemap(host);
    if (sitemap != null) {
      long dispatchId = inFlight.dispatchTask(host, sitemap, now);
      return new Frontier.FetchSitemap(host.key, sitemap, dispatchId);
    }
    CrawlJob job = hosts.take(host);
    if (job == null) {
      return null;
    }
    if (!host.allowedByRobots(job.fetchUrl())) {
      inFlight.awaitRecord(job);
      return new Frontier.Skip(job, Reason.ROBOTS, false);
    }
    return new Frontier.FetchPage(job, inFlight.dispatchPage(job, host, now));
  }

  /** See {@link Frontier#endDispatch}. */
  CrawlJob endDispatch(long jobId, long dispatchId, long now, Feedback feedback) {
    InFlightTable.Entry e = inFlight.endDispatch(jobId, dispatchId);
    if (e == null) {
      return null;
    }
    release(e.host(), now, feedback);
    return e.job();
  }

  /**
   * The job's record is written: it is no longer outstanding, and its host slot, if it had one, is
   * freed. Returns the job, or null when it was unknown.
   */
  CrawlJob finish(long jobId, long now, Feedback feedback) {
    InFlightTable.Entry e = inFlight.remove(jobId);
    if (e == null) {
      // A late answer can finish a job that was already waiting for a retry.
      return retries.remove(jobId);
    }
    if (e.host() != null) {
      release(e.host(), now, feedback);
    }
    return e.job();
  }

  /** See {@link Frontier#robotsFetched}. */
  List<String> robotsFetched(long dispatchId, RobotsFetched r, long now) {
    InFlightTable.Task task = inFlight.endTask(dispatchId);
    if (task == null) {
      return List.of();
    }
    HostQueue host = task.host();
    hosts.unready(host);
    List<String> sitemaps = sites.robotsFetched(host, r, now);
    persistence.saveHost(host, now);
    hosts.reindex(host);
    return sitemaps;
  }

  /** See {@link Frontier#sitemapFetched}. */
  void sitemapFetched(long dispatchId, long now, long fetchMs) {
    InFlightTable.Task task = inFlight.endTask(dispatchId);
    if (task != null) {
      hosts.unready(task.host());
      sites.sitemapFetched(task.host(), now, fetchMs);
      hosts.reindex(task.host());
      persistence.saveHost(task.host(), now);
    }
  }

  /** See {@link Frontier#overdue}. */
  List<CrawlJob> overdue(long now) {
    List<CrawlJob> late = new ArrayList<>();
    for (InFlightTable.Entry e : inFlight.removeOverduePages(now)) {
      release(e.host(), now, Feedback.NONE);
      late.add(e.job());
    }
    for (long dispatchId : inFlight.overdueTasks(now)) {
      if (inFlight.isSitemap(dispatchId)) {
        sitemapFetched(dispatchId, now, 0);
      } else {
        robotsFetched(
            dispatchId, new RobotsFetched(null, 0, Reason.FETCHER_CRASHED, 0, "no answer"), now);
      }
    }
    return late;
  }

  /** A request to the host ended: frees its slot, moves its clock, gives it up when dead. */
  private void release(HostQueue host, long now, Feedback feedback) {
    hosts.unready(host);
    boolean wasDead = host.dead;
    int pauses = host.pauses;
    host.ended(feedback, now, politeness);
    if (host.dead && !wasDead) {
      sites.giveUp(host);
    }
    if (host.pauses != pauses || host.dead != wasDead) {
      persistence.saveHost(host, now);
    }
    hosts.reindex(host);
  }
}
