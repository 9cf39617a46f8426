package io.akkacrawler.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import java.util.function.Supplier;

/**
 * Writes one message of {@link WireSerializer}'s format; remembers the last actor reference (a
 * batch names the same ones).
 */
final class WireWriter {
  static final int FETCH = 1;
  static final int ROBOTS = 2;
  static final int SITEMAP = 3;

  static final int R_FETCHED = 1;
  static final int R_SKIPPED = 2;
  static final int R_FAILED = 3;
  static final int R_RETRY = 4;
  static final int R_REDIRECT = 5;
  static final int R_CRASHED = 6;
  static final int R_RESTARTED = 7;

  private final Supplier<ActorRefResolver> resolver;

  final WireBytes.Out out = new WireBytes.Out();
  private ActorRef<?> lastRef;
  private String lastPath;

  WireWriter(Supplier<ActorRefResolver> resolver) {
    this.resolver = resolver;
  }

  void ref(ActorRef<?> ref) {
    if (ref == null) {
      out.string(null);
      return;
    }
    if (ref != lastRef) {
      lastPath = resolver.get().toSerializationFormat(ref);
      lastRef = ref;
    }
    out.string(lastPath);
  }

  void command(Fetcher.Command c) {
    if (c instanceof Fetcher.Fetch f) {
      out.unsigned(FETCH);
      job(f.job());
      out.signed(f.dispatchId());
      out.string(f.cookie());
      ref(f.replyTo());
    } else if (c instanceof Fetcher.FetchRobots f) {
      out.unsigned(ROBOTS);
      out.string(f.host());
      out.signed(f.dispatchId());
      ref(f.replyTo());
    } else if (c instanceof Fetcher.FetchSitemap f) {
      out.unsigned(SITEMAP);
      out.string(f.host());
      out.string(f.url());
      out.signed(f.dispatchId());
      ref(f.replyTo());
    }
  }

  void job(CrawlJob j) {
    out.signed(j.id());
    out.string(j.url());
    out.signed(j.depth());
    out.string(j.parent());
    boolean same = j.url().equals(j.fetchUrl());
    out.bool(same);
    if (!same) {
      out.string(j.fetchUrl());
    }
    out.strings(j.redirects());
    out.signed(j.attempt());
    out.signed(j.redispatches());
  }

  void fetched(Fetcher.Fetched f) {
    out.signed(f.dispatchId());
    job(f.job());
    result(f.result());
    out.strings(f.setCookies());
    ref(f.confirmTo()); // the exchanges for WARC files stay on the node
  }

  void recorded(NodeParts.Recorded r) {
    out.signed(r.dispatchId());
    job(r.job());
    result(r.result());
    out.signed(r.links());
    out.strings(r.setCookies());
    ref(r.confirmTo());
    out.string(r.part());
  }

  void received(Fetcher.Received r) {
    out.signed(r.dispatchId());
    out.bool(r.write());
  }

  void result(FetchResult result) {
    if (result instanceof FetchResult.Fetched f) {
      out.unsigned(R_FETCHED);
      response(f.response());
      page(f.page());
      out.strings(f.follow());
    } else if (result instanceof FetchResult.Skipped s) {
      out.unsigned(R_SKIPPED);
      reasoned(s.reason(), s.detail(), s.response());
    } else if (result instanceof FetchResult.Failed s) {
      out.unsigned(R_FAILED);
      reasoned(s.reason(), s.detail(), s.response());
    } else if (result instanceof FetchResult.Retry s) {
      out.unsigned(R_RETRY);
      reasoned(s.reason(), s.detail(), s.response());
      out.signed(s.retryAfterMs());
    } else if (result instanceof FetchResult.Redirect s) {
      out.unsigned(R_REDIRECT);
      response(s.response());
      out.string(s.location());
    } else if (result instanceof FetchResult.Crashed s) {
      out.unsigned(R_CRASHED);
      out.string(s.detail());
    } else {
      out.unsigned(R_RESTARTED);
    }
  }

  private void reasoned(Reason reason, String detail, FetchResult.Response response) {
    out.string(reason == null ? null : reason.name());
    out.string(detail);
    response(response);
  }

  private void response(FetchResult.Response r) {
    out.bool(r != null);
    if (r != null) {
      out.signed(r.status());
      out.string(r.contentType());
      out.signed(r.bytes());
      out.signed(r.fetchMs());
      out.bool(r.truncated());
    }
  }

  private void page(ParsedPage p) {
    out.bool(p != null);
    if (p == null) {
      return;
    }
    out.string(p.title());
    out.strings(p.links());
    out.string(p.canonical());
    out.unsigned((p.noindex() ? 1 : 0) | (p.nofollow() ? 2 : 0) | (p.contentTruncated() ? 4 : 0));
    out.strings(p.buttonIds());
    out.unsigned(p.fields().size());
    p.fields()
        .forEach(
            (name, values) -> {
              out.string(name);
              out.strings(values);
            });
    out.strings(p.nofollowLinks());
    out.string(p.text());
    out.string(p.html());
  }
}
