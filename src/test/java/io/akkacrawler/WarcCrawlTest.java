package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.cli.Cli;
import io.akkacrawler.cli.ExitCodes;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.warc.WarcRead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.Warcinfo;

/**
 * {@code --warc}: a loopback site crawled with WARC files, read back with jwarc. Every exchange
 * (robots.txt, pages, a redirect, a 404) has its request and response record, bodies are kept as
 * the server sent them (gzip, chunked), digests hold, a cut body says so, a repeated payload is a
 * revisit, and the files roll at their size.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WarcCrawlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAME = "<html><body><p>The same page twice</p></body></html>";
  private static final String ROBOTS = "User-agent: *\nDisallow: /private/\n";

  @TempDir Path dir;
  private LoopbackServer server;
  private byte[] gzipped;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startSite() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write("<html><body><p>Compressed</p></body></html>".getBytes(StandardCharsets.UTF_8));
    }
    gzipped = gz.toByteArray();
    String home =
        "<html><body>"
            + link("/a.html")
            + link("/copy.html")
            + link("/gz.html")
            + link("/chunked.html")
            + link("/moved")
            + link("/missing.html")
            + link("/big.html")
            + link("/huge.html")
            + "</body></html>";
    Routes site =
        new Routes()
            .page("/", home)
            .page("/a.html", SAME)
            .page("/copy.html", SAME)
            .page("/landing.html", "<html><body>Landed</body></html>")
            .page("/huge.html", "<html><body>" + "x".repeat(10_000) + "</body></html>")
            .on(
                "/robots.txt",
                ex ->
                    LoopbackServer.send(
                        ex, 200, "text/plain", ROBOTS.getBytes(StandardCharsets.UTF_8)))
            .on("/moved", ex -> LoopbackServer.redirect(ex, 301, "/landing.html"))
            .on(
                "/gz.html",
                ex -> {
                  ex.getResponseHeaders().set("Content-Encoding", "gzip");
                  LoopbackServer.send(ex, 200, "text/html", gzipped);
                })
            .on("/chunked.html", ex -> chunked(ex, "<html><body>In chunks</body></html>"))
            .on("/big.html", ex -> chunked(ex, "<html><body>" + "x".repeat(10_000)));
    server = LoopbackServer.start(site);
  }

  private static void chunked(com.sun.net.httpserver.HttpExchange ex, String html)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/html");
    ex.sendResponseHeaders(200, 0); // no length: chunked
    try (OutputStream out = ex.getResponseBody()) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String link(String path) {
    return "<a href=\"" + path + "\">" + path + "</a>";
  }

  @AfterEach
  void stopSite() {
    server.close();
  }

  private List<JsonNode> crawl(Path warc, String... more) throws IOException {
    Path out = dir.resolve("records.jsonl");
    List<String> args =
        new ArrayList<>(
            List.of(
                "-q",
                "--delay",
                "0",
                "-o",
                out.toString(),
                "--warc",
                warc.toString(),
                "--set",
                "fetch.max-body=4KiB"));
    args.addAll(List.of(more));
    args.add(server.url("/"));
    int code =
        Cli.run(
            args.toArray(String[]::new),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Cli.Signals.manual());
    assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      records.add(JSON.readTree(line));
    }
    return records;
  }

  /** The records of every file, in file order; each file starts with its warcinfo. */
  private static List<WarcRead> read(Path warc) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(warc)) {
      files = s.sorted().toList();
    }
    List<WarcRead> all = new ArrayList<>();
    for (Path f : files) {
      assertTrue(
          f.getFileName().toString().matches("akka-crawler-\\d{14}-\\d{5}\\.warc\\.gz"),
          f.toString());
      List<WarcRead> records = WarcRead.all(f);
      assertEquals("warcinfo", records.get(0).type(), f + " starts with warcinfo");
      assertEquals(
          Optional.of(f.getFileName().toString()), ((Warcinfo) records.get(0).record()).filename());
      all.addAll(records);
    }
    return all;
  }

  /** jwarc's own validator ({@code jwarc validate}, in a JVM of its own) passes every file. */
  private static void assertAcceptedByJwarcValidate(Path warc) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "org.netpreserve.jwarc.tools.WarcTool",
                "validate"));
    try (Stream<Path> s = Files.list(warc)) {
      s.sorted().forEach(f -> command.add(f.toString()));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertEquals(0, p.exitValue(), output);
  }

  private WarcRead response(List<WarcRead> records, String path) {
    List<WarcRead> found =
        records.stream()
            .filter(r -> !r.type().equals("request") && server.url(path).equals(r.target()))
            .toList();
    assertEquals(1, found.size(), "one response for " + path + ": " + found);
    return found.get(0);
  }

  @Test
  void everyExchangeHasItsRequestAndResponseKeptAsReceived() throws IOException {
    Path warc = dir.resolve("warc");
    List<JsonNode> records = crawl(warc);
    List<WarcRead> all = read(warc);

    assertAcceptedByJwarcValidate(warc);

    // Every response (or revisit) has its request, and they name each other.
    Map<String, WarcRead> requests =
        all.stream()
            .filter(r -> r.type().equals("request"))
            .collect(Collectors.toMap(r -> r.record().id().toString(), r -> r));
    List<WarcRead> responses =
        all.stream()
            .filter(r -> r.type().equals("response") || r.type().equals("revisit"))
            .toList();
    assertEquals(requests.size(), responses.size());
    for (WarcRead r : responses) {
      String concurrent = r.record().headers().first("WARC-Concurrent-To").orElseThrow();
      WarcRead request = requests.get(concurrent.substring(1, concurrent.length() - 1));
      assertEquals(r.target(), request.target());
      assertEquals("GET", request.request().method());
      assertEquals(
          Optional.of("127.0.0.1"), r.record().headers().first("WARC-IP-Address"), r.target());
      assertTrue(r.record().headers().first("WARC-Date").isPresent());
    }

    // Every record of a response the crawl got has its exchange in the files.
    for (JsonNode record : records) {
      if (record.get("outcome").asText().equals("fetched")) {
        assertEquals(
            record.get("status").asInt(),
            response(all, java.net.URI.create(record.get("final_url").asText()).getPath())
                .status());
      }
    }

    WarcRead robots = response(all, "/robots.txt");
    assertArrayEquals(ROBOTS.getBytes(StandardCharsets.UTF_8), robots.payload());
    WarcRead moved = response(all, "/moved");
    assertEquals(301, moved.status());
    assertEquals(Optional.of("/landing.html"), moved.response().headers().first("location"));
    assertEquals(200, response(all, "/landing.html").status());
    WarcRead missing = response(all, "/missing.html");
    assertEquals(404, missing.status());
    assertEquals("no such page", new String(missing.payload(), StandardCharsets.UTF_8));

    // The body as sent: still gzip-encoded, byte for byte; the chunked coding's header hidden.
    WarcRead gz = response(all, "/gz.html");
    assertEquals(Optional.of("gzip"), gz.response().headers().first("content-encoding"));
    assertArrayEquals(gzipped, gz.payload());
    WarcRead chunked = response(all, "/chunked.html");
    assertEquals("<html><body>In chunks</body></html>", new String(chunked.payload()));
    assertFalse(chunked.response().headers().first("Transfer-Encoding").isPresent());
    assertEquals(
        Optional.of("chunked"), chunked.response().headers().first("X-Crawler-Transfer-Encoding"));

    // Cut at max-body; not read at all when its declared length is above it.
    WarcRead big = response(all, "/big.html");
    assertEquals(WarcTruncationReason.LENGTH, big.record().truncated());
    assertEquals(4096, big.payload().length);
    WarcRead huge = response(all, "/huge.html");
    assertEquals(WarcTruncationReason.LENGTH, huge.record().truncated());
    assertEquals(0, huge.payload().length);
    assertEquals(Optional.of("10026"), huge.response().headers().first("X-Crawler-content-length"));
    WarcRead whole = response(all, "/landing.html");
    assertEquals(WarcTruncationReason.NOT_TRUNCATED, whole.record().truncated());
    assertFalse(whole.record().headers().first("WARC-Truncated").isPresent());

    // The second page with the same payload is a revisit of the first.
    WarcRead first = response(all, "/a.html");
    WarcRead copy = response(all, "/copy.html");
    WarcRead original = first.type().equals("response") ? first : copy;
    WarcRead revisit = first.type().equals("response") ? copy : first;
    assertEquals("revisit", revisit.type());
    WarcRevisit r = (WarcRevisit) revisit.record();
    assertEquals(WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1, r.profile());
    assertEquals(original.target(), r.refersToTargetURI().orElseThrow().toString());
    assertEquals(original.record().date(), r.refersToDate().orElseThrow());
    assertEquals(original.record().id(), r.refersTo().orElseThrow());
    assertEquals(
        original.record().headers().first("WARC-Payload-Digest"),
        r.headers().first("WARC-Payload-Digest"));
    assertEquals(
        SAME, new String(original.payload(), StandardCharsets.UTF_8), "the original is whole");
  }

  @Test
  void filesRollAtTheirSizeWithWholeExchanges() throws IOException {
    Path small = dir.resolve("small");
    crawl(small, "--warc-max-size", "2KiB");
    List<Path> files;
    try (Stream<Path> s = Files.list(small)) {
      files = s.sorted().toList();
    }
    assertTrue(files.size() > 3, "rolled: " + files);
    List<WarcRead> rolled = read(small);
    for (Path f : files) {
      List<WarcRead> records = WarcRead.all(f);
      assertEquals(0, (records.size() - 1) % 2, "whole exchanges in " + f);
      assertTrue(Files.size(f) <= 2048 || records.size() == 3, f + " passes 2 KiB alone");
    }
    long exchanges = rolled.stream().filter(r -> r.type().equals("request")).count();
    assertEquals(11, exchanges, "robots.txt, the home page, 8 links, a redirect's target");
  }
}
