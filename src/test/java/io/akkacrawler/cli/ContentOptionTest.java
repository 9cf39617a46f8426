package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.Routes;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --content text|html} and {@code --max-content}: page content in the JSON records. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContentOptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOME =
      "<html><head><title>Home</title><style>p{}</style></head><body><h1>Welcome</h1>"
          + "<script>track()</script><p>Our   <b>long</b> story</p><a href=\"/next.html\">n</a>"
          + "</body></html>";
  private static final String NEXT =
      "<html><body><p>Gr\u00fc\u00dfe aus K\u00f6ln</p></body></html>";

  @TempDir Path dir;
  private LoopbackServer server;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startSite() throws IOException {
    server = LoopbackServer.start(new Routes().page("/", HOME).page("/next.html", NEXT));
  }

  @AfterEach
  void stopSite() {
    server.close();
  }

  private Map<String, JsonNode> crawl(String... options) throws IOException {
    Path out = dir.resolve("out-" + System.nanoTime() + ".jsonl");
    List<String> args =
        new java.util.ArrayList<>(List.of("-q", "--delay", "0", "-o", out.toString()));
    args.addAll(List.of(options));
    args.add(server.url("/"));
    int code =
        Cli.run(
            args.toArray(String[]::new),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Cli.Signals.manual());
    assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
    Map<String, JsonNode> byPath = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode r = JSON.readTree(line);
      byPath.put(java.net.URI.create(r.get("url").asText()).getPath(), r);
    }
    return byPath;
  }

  @Test
  void recordsHaveNoContentByDefault() throws IOException {
    JsonNode home = crawl().get("/");
    assertFalse(home.has("text"));
    assertFalse(home.has("html"));
    assertFalse(home.has("content_truncated"));
  }

  @Test
  void contentTextAddsTheVisibleText() throws IOException {
    Map<String, JsonNode> records = crawl("--content", "text");
    JsonNode home = records.get("/");
    assertEquals("Welcome Our long story n", home.get("text").asText());
    assertFalse(home.get("content_truncated").asBoolean());
    assertFalse(home.has("html"));
    assertEquals("Grüße aus Köln", records.get("/next.html").get("text").asText());
    // A record without a parsed page (robots.txt is no record; a 404 would be one) has no text.
    assertFalse(records.values().stream().anyMatch(r -> r.get("status").asInt() == 404));
  }

  @Test
  void contentHtmlAddsTheDecodedHtml() throws IOException {
    Map<String, JsonNode> records = crawl("--content", "html");
    assertEquals(HOME, records.get("/").get("html").asText());
    assertEquals(NEXT, records.get("/next.html").get("html").asText());
    assertFalse(records.get("/").has("text"));
  }

  @Test
  void maxContentCutsEitherAndTheRecordSaysSo() throws IOException {
    JsonNode text = crawl("--content", "text", "--max-content", "7B").get("/");
    assertEquals("Welcome", text.get("text").asText());
    assertTrue(text.get("content_truncated").asBoolean());
    JsonNode html = crawl("--content", "html", "--max-content", "12").get("/");
    assertEquals(HOME.substring(0, 12), html.get("html").asText());
    assertTrue(html.get("content_truncated").asBoolean());
  }

  @Test
  void aBadContentModeOrSizeIsOneLine() {
    for (String[] bad :
        new String[][] {{"--content", "pdf"}, {"--max-content", "lots"}, {"--max-content", "-1"}}) {
      err.reset();
      int code =
          Cli.run(
              new String[] {bad[0], bad[1], server.url("/")},
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Cli.Signals.manual());
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(ExitCodes.USAGE, code, message);
      assertEquals(1, message.lines().count(), message);
      assertTrue(message.startsWith("error: ") && message.contains("content"), message);
    }
  }
}
