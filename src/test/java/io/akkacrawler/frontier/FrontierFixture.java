package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.akkacrawler.TestCrawls;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;

/** Frontiers over temporary stores for the frontier's tests, closed together. */
final class FrontierFixture implements AutoCloseable {
  static final long DEADLINE = 10_000;
  static final Feedback OK = new Feedback(Feedback.Signal.OK, 10, -1, null);

  private final List<CrawlStore> stores = new ArrayList<>();

  /** A frontier without robots.txt and without per-host limits, unless {@code hocon} says so. */
  Frontier frontier(String hocon) {
    CrawlStore store = CrawlStore.temporary();
    stores.add(store);
    return new Frontier(
        TestCrawls.settings(
            "crawler { robots.enabled = false,"
                + " dispatch-deadline = "
                + DEADLINE
                + "ms, politeness { delay = 0, max-per-host = 0 } }\n"
                + hocon,
            "http://a.test/"),
        UrlNormalizer::hostKey,
        store,
        0);
  }

  static Frontier.FetchPage page(Frontier.Work work) {
    return assertInstanceOf(Frontier.FetchPage.class, work);
  }

  static String url(Frontier.Work work) {
    return page(work).job().url();
  }

  @Override
  public void close() {
    stores.forEach(CrawlStore::close);
  }
}
