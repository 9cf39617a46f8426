package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.TestCrawls;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionsTest {
  private final CrawlStore store = CrawlStore.temporary();
  private Frontier frontier;

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Admissions admissions(String hocon) {
    CrawlSettings settings =
        TestCrawls.settings(
            "crawler { robots.enabled = false, politeness.max-per-host = 0 }\n" + hocon,
            "http://a.test/");
    UrlNormalizer normalizer = new UrlNormalizer(settings.maxUrlLength());
    frontier = new Frontier(settings, UrlNormalizer::hostKey, store, 0, () -> 0);
    return new Admissions(frontier, normalizer, settings.crawlScope(normalizer));
  }

  @Test
  void recordsSeedsThatAreUnusableOrBeyondThePageLimit() {
    admissions("crawler.max-pages = 1")
        .seeds(List.of("http://a.test/1", "http://a.test/2", "not a url"));
    assertEquals("http://a.test/1", assertInstanceOf(Frontier.FetchPage.class, poll()).job().url());
    List<Reason> reasons =
        List.of(
            assertInstanceOf(Frontier.Skip.class, poll()).reason(),
            assertInstanceOf(Frontier.Skip.class, poll()).reason());
    assertTrue(reasons.containsAll(List.of(Reason.MAX_PAGES, Reason.BAD_URL)), reasons.toString());
    assertNull(poll());
  }

  @Test
  void admitsLinksOneLevelDownFromThePageTheyWereFoundOn() {
    Admissions admissions = admissions("");
    CrawlJob page = CrawlJob.of(1, "http://a.test/", 2, null).redirectedTo("http://a.test/home");
    admissions.links(page, List.of("http://a.test/x"));
    CrawlJob link = assertInstanceOf(Frontier.FetchPage.class, poll()).job();
    assertEquals(3, link.depth());
    assertEquals("http://a.test/home", link.parent());
  }

  @Test
  void admitsTheInScopeUrlsOfASitemap() {
    Admissions admissions = admissions("");
    SitemapReader.Sitemap sitemap =
        new SitemapReader.Sitemap(
            List.of("http://a.test/1", "http://b.test/1", "http://a.test/1"), List.of(), null);
    assertEquals(1, admissions.sitemap(sitemap, "http://a.test/sitemap.xml"));
    assertEquals(1, frontier.queued());
  }

  private Frontier.Work poll() {
    return frontier.poll(0);
  }
}
