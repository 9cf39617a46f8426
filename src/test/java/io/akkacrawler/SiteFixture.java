package io.akkacrawler;

import com.sun.net.httpserver.HttpExchange;
import io.akkacrawler.demo.LoopbackServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated site of {@code n} linked pages ({@code /p/0.html} .. {@code /p/(n-1).html}) for
 * end-to-end tests: every page is reachable from page 0, links are relative and absolute, some
 * carry fragments, and each page has a button.
 */
public final class SiteFixture {
  private final int pages;

  public SiteFixture(int pages) {
    this.pages = pages;
  }

  /** The path of page {@code i}. */
  public static String path(int i) {
    return "/p/" + i + ".html";
  }

  /** Page URLs of the site on {@code server}. */
  public List<String> urls(LoopbackServer server) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < pages; i++) {
      urls.add(server.url(path(i)));
    }
    return urls;
  }

  /** Serves the pages; other paths are 404. */
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.startsWith("/p/") && path.endsWith(".html")) {
      int i = Integer.parseInt(path.substring(3, path.length() - 5));
      if (i >= 0 && i < pages) {
        LoopbackServer.html(ex, page(i));
        return;
      }
    }
    LoopbackServer.send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
  }

  private String page(int i) {
    SplittableRandom random = new SplittableRandom(i);
    StringBuilder b =
        new StringBuilder("<html><head><title>Page ")
            .append(i)
            .append("</title></head><body><button id=\"b")
            .append(i)
            .append("\">Go</button>");
    // A binary tree keeps every page reachable; the random links make the graph dense.
    for (int child : new int[] {2 * i + 1, 2 * i + 2}) {
      if (child < pages) {
        b.append("<a href=\"").append(child).append(".html\">child</a>");
      }
    }
    for (int k = 0; k < 4; k++) {
      int other = random.nextInt(pages);
      b.append(
          k % 2 == 0
              ? "<a href=\"/p/" + other + ".html#top\">other</a>"
              : "<a href=\"../p/" + other + ".html\">other</a>");
    }
    return b.append("</body></html>").toString();
  }
}
