package io.akkacrawler.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoPagesTest {
  private final EchoPages echoes = new EchoPages(null, true);

  /**
   * What a catch-all route answers at {@code url}: the same page, relative links resolved there.
   */
  private static FetchResult page(String url, String title, String... relativeLinks) {
    String dir = EchoPages.directory(url);
    List<String> links = new ArrayList<>();
    for (String relative : relativeLinks) {
      links.add(relative.startsWith("http") ? relative : dir + relative);
    }
    ParsedPage page =
        new ParsedPage(title, links, null, false, false, List.of(), Map.of(), List.of());
    return new FetchResult.Fetched(
        new FetchResult.Response(200, "text/html", 1234, 5, false), page, links);
  }

  private List<String> follow(String url, FetchResult result) {
    return ((FetchResult.Fetched) echoes.check(url, result)).follow();
  }

  @Test
  void aPageRepeatedBelowItselfWithLinksGoingDeeperIsNotFollowed() {
    String[] links = {"x/y/", "p/", "http://other.test/"};
    assertEquals(
        3, follow("http://h.test/docs/", page("http://h.test/docs/", "Docs", links)).size());
    assertEquals(
        List.of(), follow("http://h.test/docs/p/", page("http://h.test/docs/p/", "Docs", links)));
    assertEquals(
        List.of(),
        follow("http://h.test/docs/x/y/p/", page("http://h.test/docs/x/y/p/", "Docs", links)));
  }

  @Test
  void theSamePageInADirectoryBesideIsFollowedAndAnyPageBelowEitherIsNot() {
    String[] links = {"guide/", "api/"};
    assertEquals(2, follow("http://h.test/v1/", page("http://h.test/v1/", "Docs", links)).size());
    assertEquals(2, follow("http://h.test/v2/", page("http://h.test/v2/", "Docs", links)).size());
    assertEquals(
        0, follow("http://h.test/v2/a/", page("http://h.test/v2/a/", "Docs", links)).size());
    assertEquals(
        0, follow("http://h.test/v1/a/", page("http://h.test/v1/a/", "Docs", links)).size());
  }

  @Test
  void aPageMetDeeperFirstStillCatchesTheEchoesOfTheOneAboveIt() {
    String[] links = {"p/"};
    follow("http://h.test/a/b/", page("http://h.test/a/b/", "T", links));
    follow("http://h.test/a/", page("http://h.test/a/", "T", links));
    assertEquals(List.of(), follow("http://h.test/a/c/", page("http://h.test/a/c/", "T", links)));
  }

  @Test
  void aRepeatedRedirectStubThatLinksWithinItsDirectoryIsFollowed() {
    follow("http://h.test/", page("http://h.test/", "Moved", "index.html"));
    assertEquals(
        List.of("http://h.test/v2/index.html"),
        follow("http://h.test/v2/", page("http://h.test/v2/", "Moved", "index.html")));
  }

  @Test
  void anotherTitleOrOtherLinksMakeAnotherPage() {
    follow("http://h.test/docs/", page("http://h.test/docs/", "Docs", "p/"));
    assertEquals(
        1, follow("http://h.test/docs/p/", page("http://h.test/docs/p/", "P", "p/")).size());
    assertEquals(
        1, follow("http://h.test/docs/q/", page("http://h.test/docs/q/", "Docs", "q/")).size());
  }

  @Test
  void offItChangesNothing() {
    EchoPages off = new EchoPages(null, false);
    FetchResult root = page("http://h.test/docs/", "Docs", "p/");
    FetchResult echo = page("http://h.test/docs/p/", "Docs", "p/");
    off.check("http://h.test/docs/", root);
    assertSame(echo, off.check("http://h.test/docs/p/", echo));
  }

  @Test
  void theDirectoryOfAUrlEndsAtTheLastSlashBeforeItsQuery() {
    assertEquals("http://h.test/a/", EchoPages.directory("http://h.test/a/b.html?x=/y/z"));
    assertEquals("http://h.test/", EchoPages.directory("http://h.test/"));
  }
}
