package io.akkacrawler.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stands in for a node's fetcher pool when the node simulates ({@code cluster.simulate = on}):
 * answers every job at once, without a request, with a synthetic page of a site without end, so
 * that the coordinator's ceiling can be measured apart from the network and the parser. Page {@code
 * /p/N} of any host links to its {@value #CHILDREN} children {@code /p/(N*10+1)} to {@code
 * /p/(N*10+10)}, to its parent and to {@code /p/0}, as real pages link to their neighbours and
 * home: 12 links, 10 of them new. robots.txt allows everything; there are no sitemaps.
 */
final class SimulatedFetcher {
  static final int CHILDREN = 10;

  private SimulatedFetcher() {}

  static Behavior<Fetcher.Command> create() {
    return Behaviors.receiveMessage(
        command -> {
          if (command instanceof Fetcher.Fetch f) {
            f.replyTo()
                .tell(new Fetcher.Fetched(f.dispatchId(), f.job(), page(f.job().fetchUrl())));
          } else if (command instanceof Fetcher.FetchRobots r) {
            r.replyTo()
                .tell(
                    new Fetcher.RobotsAnswered(
                        r.host(),
                        r.dispatchId(),
                        new RobotsFetched(RobotsRules.ALLOW_ALL, 404, null, 0)));
          } else if (command instanceof Fetcher.FetchSitemap s) {
            s.replyTo()
                .tell(
                    new Fetcher.SitemapAnswered(
                        s.host(),
                        s.url(),
                        s.dispatchId(),
                        new SitemapReader.Sitemap(List.of(), List.of(), "http-404"),
                        0));
          }
          return Behaviors.same();
        });
  }

  /** The synthetic page at {@code url}. */
  static FetchResult page(String url) {
    int at = url.lastIndexOf("/p/");
    long n = 0;
    String base = url;
    if (at >= 0) {
      base = url.substring(0, at);
      try {
        n = Long.parseLong(url.substring(at + 3));
      } catch (NumberFormatException notOurs) {
        n = 0;
      }
    } else if (url.endsWith("/")) {
      base = url.substring(0, url.length() - 1);
    }
    List<String> links = new ArrayList<>(CHILDREN + 2);
    for (int i = 1; i <= CHILDREN; i++) {
      links.add(base + "/p/" + (n * CHILDREN + i));
    }
    links.add(base + "/p/" + (n == 0 ? 0 : (n - 1) / CHILDREN));
    links.add(base + "/p/0");
    ParsedPage page =
        new ParsedPage("Page " + n, links, null, false, false, List.of(), Map.of(), List.of());
    return new FetchResult.Fetched(
        new FetchResult.Response(200, "text/html", 20_000, 0, false), page, links);
  }
}
