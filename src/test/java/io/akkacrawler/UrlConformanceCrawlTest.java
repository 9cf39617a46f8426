package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.demo.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The links of crawled pages against a browser's URL parser: one page per case of web-platform-
 * tests' urltestdata.json that has a base, each with {@code <base href="BASE">} and one {@code <a
 * href="INPUT">}, crawled as seeds; the record's {@code links} must hold the browser's URL (without
 * fragment and credentials, as the README says) or nothing when a browser rejects the input or it
 * is not http(s).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UrlConformanceCrawlTest {
  private record Case(String input, String base, String expected) {}

  @Test
  void resolvesLinksAsABrowserDoesInWholeCrawls() throws IOException {
    List<Case> cases = cases();
    try (LoopbackServer server =
        LoopbackServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              if (!path.startsWith("/c/")) {
                LoopbackServer.send(ex, 404, "text/plain", new byte[0]);
                return;
              }
              Case c = cases.get(Integer.parseInt(path.substring(3)));
              LoopbackServer.html(
                  ex,
                  "<!doctype html><html><head>"
                      + (c.base() == null ? "" : "<base href=\"" + escape(c.base()) + "\">")
                      + "</head><body><a href=\""
                      + escape(c.input())
                      + "\">x</a></body></html>");
            })) {
      List<String> seeds = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        seeds.add(server.url("/c/" + i));
      }
      TestCrawls.Result result =
          TestCrawls.crawl(
              TestCrawls.settings(
                  "crawler { max-depth = 0, robots.enabled = false,"
                      + " politeness { max-per-host = 16 }, max-in-flight = 32 }",
                  seeds.toArray(String[]::new)));
      Map<String, CrawlRecord> byUrl = result.byUrl();
      int valid = 0;
      int validOk = 0;
      int rejected = 0;
      int rejectedOk = 0;
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        List<String> links = byUrl.get(seeds.get(i)).links();
        if (c.expected() == null) {
          rejected++;
          if (links.isEmpty()) {
            rejectedOk++;
          } else {
            wrong.add(c.input() + " @ " + c.base() + " -> " + links + " (a browser: none)");
          }
        } else {
          valid++;
          if (links.equals(List.of(c.expected()))) {
            validOk++;
          } else {
            wrong.add(
                c.input()
                    + " @ "
                    + c.base()
                    + " -> "
                    + links
                    + " (a browser: "
                    + c.expected()
                    + ")");
          }
        }
      }
      System.out.printf(
          "URL conformance in crawls: %d of %d valid http(s) links as a browser resolves them,"
              + " %d of %d rejected or non-http(s) inputs left out%n",
          validOk, valid, rejectedOk, rejected);
      wrong.forEach(w -> System.out.println("  differs: " + w));
      assertTrue(validOk >= 0.99 * valid, validOk + " of " + valid + ": " + wrong);
      assertTrue(rejectedOk >= 0.97 * rejected, rejectedOk + " of " + rejected + ": " + wrong);
    }
  }

  /**
   * Every case with a base and an href that is not blank (a blank href is the page itself: the
   * crawl leaves it out, as the README says). The expected link is the browser's href without
   * fragment and credentials.
   */
  private static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in =
        UrlConformanceCrawlTest.class.getResourceAsStream("/wpt/urltestdata.json")) {
      for (JsonNode n : new ObjectMapper().readTree(in)) {
        // Without a base, a browser would resolve the input against the page's own URL, which
        // is not what the case expects: those cases are left to WhatwgUrlTest.
        boolean noBase = n.get("base") == null || n.get("base").isNull();
        if (!n.isObject() || noBase || n.get("input").asText().isBlank()) {
          continue;
        }
        String expected = null;
        if (!n.path("failure").asBoolean(false)) {
          String protocol = n.get("protocol").asText();
          if (protocol.equals("http:") || protocol.equals("https:")) {
            String href = n.get("href").asText();
            int hash = href.indexOf('#');
            href = hash < 0 ? href : href.substring(0, hash);
            int at = href.indexOf('@');
            if (at >= 0 && !(n.get("username").asText() + n.get("password").asText()).isEmpty()) {
              href = protocol + "//" + href.substring(at + 1);
            }
            expected = href;
          }
        }
        cases.add(
            new Case(n.get("input").asText(), noBase ? null : n.get("base").asText(), expected));
      }
    }
    return cases;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
