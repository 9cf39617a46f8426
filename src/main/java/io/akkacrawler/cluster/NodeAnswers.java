package io.akkacrawler.cluster;

import io.akkacrawler.CrawlListener;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.FetchResult;
import java.util.Locale;

/** Tells a node's listener what one of its slots' fetchers answered. */
final class NodeAnswers {
  private NodeAnswers() {}

  static void tell(CrawlListener listener, Fetcher.Reply reply) {
    if (reply instanceof Fetcher.Fetched f) {
      FetchResult r = f.result();
      FetchResult.Response response = r.response();
      listener.onNodeAnswer(
          r.getClass().getSimpleName().toLowerCase(Locale.ROOT),
          response.status(),
          response.bytes(),
          response.fetchMs());
    } else if (reply instanceof Fetcher.RobotsAnswered) {
      listener.onNodeAnswer("robots", 0, 0, 0);
    } else if (reply instanceof Fetcher.SitemapAnswered s) {
      listener.onNodeAnswer("sitemap", 0, 0, s.fetchMs());
    }
  }
}
