package io.akkacrawler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.akkacrawler.cli.Cli;
import io.akkacrawler.cli.ExitCodes;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("slow")
class BenchmarkTest {
  @TempDir Path dir;

  @Test
  void generatesTheSameSiteEveryTimeWithEveryPageReachable() throws Exception {
    SiteGenerator generator = new SiteGenerator(400, 20 * 1024, "http://127.0.0.1:1");
    List<String> paths = generator.write(dir.resolve("a"));
    new SiteGenerator(400, 20 * 1024, "http://127.0.0.1:1").write(dir.resolve("b"));
    assertEquals(401, paths.size(), "400 pages and the search page");
    List<Integer> sizes = new ArrayList<>();
    Pattern href = Pattern.compile("href=\"([^\"]+)\"");
    Set<String> linked = new HashSet<>();
    for (String p : paths.subList(0, 400)) {
      String html = Files.readString(dir.resolve("a").resolve(p.substring(1)));
      assertEquals(html, Files.readString(dir.resolve("b").resolve(p.substring(1))));
      sizes.add(html.length());
      Matcher m = href.matcher(html);
      int links = 0;
      while (m.find()) {
        links++;
        linked.add(m.group(1).replaceAll("#.*", "").replaceAll(".*/", ""));
      }
      assertTrue(links >= 30, p + " has " + links + " links");
      assertTrue(html.contains("<button id=\"btn-"));
    }
    sizes.sort(null);
    int median = sizes.get(sizes.size() / 2);
    assertTrue(median > 14_000 && median < 28_000, "median size " + median);
    for (int i = 1; i < 400; i++) {
      assertTrue(linked.contains("p" + i + ".html"), "page " + i + " is linked");
    }
  }

  @Test
  void benchRunsTheCeilingsAndTheCrawlWithFullRecall() throws Exception {
    Path json = dir.resolve("bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        Cli.run(
            new String[] {"bench", "--generate", "300", "--json", json.toString(), "--no-peers"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(OutputStreamHolder.NULL),
            Cli.Signals.manual());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCodes.OK, exit, printed);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    Set<String> runs = new HashSet<>();
    for (JsonNode run : doc.get("runs")) {
      runs.add(run.get("run").asText());
      assertTrue(run.get("pages_per_second").asDouble() > 0);
      if (run.get("run").asText().startsWith("crawl")) {
        assertEquals(1.0, run.get("recall").asDouble(), 1e-9, printed);
        assertTrue(run.get("percent_of_parse_ceiling").asDouble() > 0);
      }
    }
    assertEquals(Set.of("crawl", "crawl --state", "fetch-only", "parse-only"), runs);
    assertTrue(printed.contains("the fetch-only ceiling is"), printed);
  }

  @Test
  void benchOfAUrlReportsWhatItCanAndRecallAsUnknown() throws Exception {
    Path json = dir.resolve("bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try (LoopbackServer server = LoopbackServer.start(BenchmarkTest::smallSite)) {
      exit =
          Cli.run(
              new String[] {
                "bench", "--url", server.url("/index.html"), "--json", json.toString(), "--no-peers"
              },
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(OutputStreamHolder.NULL),
              Cli.Signals.manual());
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCodes.OK, exit, printed);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    Set<String> runs = new HashSet<>();
    for (JsonNode run : doc.get("runs")) {
      runs.add(run.get("run").asText());
      if (run.get("run").asText().startsWith("crawl")) {
        assertEquals(SMALL_SITE_PAGES, run.get("pages").asLong(), printed);
        assertTrue(run.get("pages_per_second").asDouble() > 0, printed);
        assertTrue(run.get("cpu_ms_per_page").asDouble() > 0, printed);
        assertTrue(run.get("recall").isNull(), printed);
      }
    }
    assertTrue(runs.containsAll(Set.of("crawl", "crawl --state", "fetch-only")), printed);
    assertTrue(printed.lines().anyMatch(l -> l.startsWith("crawl ") && l.contains("n/a")), printed);
  }

  @Test
  void peersCrawlTheSamePagesAsOurCrawler() throws Exception {
    List<String> installed =
        Peers.probe(Peers.NAMES).stream()
            .filter(Peers.Peer::available)
            .map(Peers.Peer::name)
            .toList();
    assumeFalse(installed.isEmpty(), "neither python3 with requests nor wget is installed");
    Path json = dir.resolve("bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        Cli.run(
            new String[] {
              "bench",
              "--generate",
              "200",
              "--no-state",
              "--json",
              json.toString(),
              "--peers",
              String.join(",", installed)
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(OutputStreamHolder.NULL),
            Cli.Signals.manual());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCodes.OK, exit, printed);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    Map<String, JsonNode> runs = new HashMap<>();
    doc.get("runs").forEach(run -> runs.put(run.get("run").asText(), run));
    long ours = runs.get("crawl").get("pages").asLong();
    assertTrue(runs.get("crawl").get("pages_per_second_wall").asDouble() > 0, printed);
    for (String peer : installed) {
      String run = doc.get("peers").get(peer).get("run").asText();
      JsonNode figures = runs.get(run);
      assertEquals(ours, figures.get("pages").asLong(), run + "\n" + printed);
      assertEquals(1.0, figures.get("recall").asDouble(), 1e-9, run + "\n" + printed);
      assertTrue(figures.get("pages_per_second_wall").asDouble() > 0, printed);
      assertTrue(doc.get("ours_over_peer_wall").get(peer).asDouble() > 0, printed);
      assertTrue(printed.contains("ours / " + peer + ":"), printed);
    }
  }

  @Test
  void anUnknownPeerIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Cli.run(
            new String[] {"bench", "--generate", "10", "--peers", "scrapy"},
            new PrintStream(OutputStreamHolder.NULL),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Cli.Signals.manual());
    assertEquals(ExitCodes.USAGE, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown peer scrapy"));
  }

  private static final int SMALL_SITE_PAGES = 30;

  /** Pages 0..29, each linking to the next two (page 0 is /index.html); nothing else exists. */
  private static void smallSite(HttpExchange exchange) throws IOException {
    Matcher m =
        Pattern.compile("/(?:index|p(\\d+))\\.html").matcher(exchange.getRequestURI().getPath());
    int page = !m.matches() ? -1 : m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    if (page < 0 || page >= SMALL_SITE_PAGES) {
      LoopbackServer.send(exchange, 404, "text/plain", new byte[0]);
      return;
    }
    StringBuilder html = new StringBuilder("<!doctype html><html><body><h1>" + page + "</h1>");
    for (int next = page + 1; next <= page + 2 && next < SMALL_SITE_PAGES; next++) {
      html.append("<a href=\"/p").append(next).append(".html\">page ").append(next).append("</a>");
    }
    LoopbackServer.html(exchange, html.append("</body></html>").toString());
  }

  /** A stream that drops everything. */
  private static final class OutputStreamHolder {
    static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
  }
}
