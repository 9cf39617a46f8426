package io.akkacrawler.collect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSinkTest {
  private static final List<String> KEYS =
      List.of(
          "url",
          "final_url",
          "outcome",
          "reason",
          "status",
          "depth",
          "parent",
          "content_type",
          "bytes",
          "fetch_ms",
          "title",
          "canonical",
          "links",
          "button_ids",
          "fields",
          "truncated",
          "noindex",
          "nofollow",
          "attempts",
          "redirects",
          "error");

  private final ObjectMapper mapper = JsonlSink.mapper();

  /** A stream that records whether it was closed, and refuses writes after that. */
  private static final class RecordingStream extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if (closed) {
        throw new IllegalStateException("write after close");
      }
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      if (closed) {
        throw new IllegalStateException("write after close");
      }
      super.write(b);
    }

    @Override
    public void close() {
      closed = true;
    }

    String text() {
      return toString(UTF_8);
    }
  }

  private static CrawlRecord fetched(String url, String title) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("headline", "Welcome");
    fields.put("images", List.of("http://site.test/a.png", "http://site.test/b.png"));
    fields.put("author", null);
    return new CrawlRecord(
        url,
        url,
        Outcome.FETCHED,
        null,
        200,
        1,
        "http://site.test/",
        "text/html; charset=utf-8",
        1234,
        56,
        title,
        "http://site.test/canonical",
        List.of("http://site.test/next"),
        List.of("buy", "cancel"),
        fields,
        false,
        false,
        true,
        1,
        List.of(),
        null);
  }

  private static CrawlRecord failed(String url) {
    return new CrawlRecord(
        url,
        url,
        Outcome.FAILED,
        "connect-failed",
        null,
        0,
        null,
        null,
        0,
        12,
        null,
        null,
        List.of(),
        List.of(),
        Map.of(),
        false,
        false,
        false,
        3,
        List.of("http://site.test/moved"),
        "Connection refused");
  }

  private static List<String> lines(String text) {
    assertTrue(text.endsWith("\n"), "output ends with a newline");
    return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static String write(CrawlRecord... records) throws IOException {
    RecordingStream out = new RecordingStream();
    try (JsonlSink sink = JsonlSink.toStream(out)) {
      for (CrawlRecord record : records) {
        sink.accept(record);
      }
    }
    return out.text();
  }

  @Test
  void aResumedOutputThatIsGoneSaysSoAndIsNotCreated(@TempDir Path dir) {
    Path gone = dir.resolve("gone.jsonl");
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> JsonlSink.appendAt(gone, 118_727));
    assertEquals(
        "it is missing, and the crawl had written 118727 bytes to it: put it back, or start a new"
            + " crawl",
        e.getMessage());
    assertFalse(Files.exists(gone));
  }

  @Test
  void writesOneJsonObjectPerLine() throws IOException {
    List<String> lines =
        lines(write(fetched("http://site.test/a", "A"), failed("http://site.test/b")));
    assertEquals(2, lines.size());
    assertEquals("http://site.test/a", mapper.readTree(lines.get(0)).get("url").asText());
    assertEquals("http://site.test/b", mapper.readTree(lines.get(1)).get("url").asText());
  }

  @Test
  void writesSnakeCaseKeysInRecordOrder() throws IOException {
    JsonNode json = mapper.readTree(lines(write(fetched("http://site.test/a", "A"))).get(0));
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(KEYS, keys);
  }

  @Test
  void writesOutcomeInLowerCase() throws IOException {
    String text = write(fetched("http://site.test/a", "A"), failed("http://site.test/b"));
    List<String> lines = lines(text);
    assertEquals("fetched", mapper.readTree(lines.get(0)).get("outcome").textValue());
    assertEquals("failed", mapper.readTree(lines.get(1)).get("outcome").textValue());
  }

  @Test
  void writesAbsentValuesAsNull() throws IOException {
    JsonNode json = mapper.readTree(lines(write(failed("http://site.test/b"))).get(0));
    for (String key : List.of("status", "parent", "content_type", "title", "canonical")) {
      assertTrue(json.has(key), key + " is present");
      assertTrue(json.get(key).isNull(), key + " is null");
    }
    JsonNode fields = mapper.readTree(lines(write(fetched("http://site.test/a", "A"))).get(0));
    assertTrue(fields.get("fields").get("author").isNull());
    assertEquals(2, fields.get("fields").get("images").size());
  }

  @Test
  void escapesQuotesAndLineBreaksInTitlesKeepingOneLinePerRecord() throws IOException {
    String title =
        "Caf\u00e9 \"Z\u00fcrich\" \ud83c\udf1e\nsecond line\r\tand\u2028more \\ end\u0000";
    String text = write(fetched("http://site.test/a", title), failed("http://site.test/b"));
    List<String> lines = lines(text);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\\\"Z\u00fcrich\\\""), lines.get(0));
    assertTrue(lines.get(0).contains("\\nsecond line\\r\\tand"), lines.get(0));
    assertFalse(lines.get(0).contains("\r"), "no raw carriage return");
    assertEquals(title, mapper.readTree(lines.get(0)).get("title").textValue());
  }

  @Test
  void writesUtf8() throws IOException {
    // Decoded as UTF-8 it reads back literally: neither escaped nor in another charset.
    String text = write(fetched("http://site.test/a", "\u00e9t\u00e9 \u65e5\u672c"));
    assertTrue(text.contains("\"title\":\"\u00e9t\u00e9 \u65e5\u672c\""), text);
  }

  @Test
  void writesTheSameBytesAsJacksonDataBinding() throws IOException {
    Map<String, Object> odd = new LinkedHashMap<>();
    odd.put("n", 3);
    odd.put("mixed", Arrays.asList("a", null));
    odd.put("nested", Map.of("k", List.of("v")));
    CrawlRecord withContent =
        new CrawlRecord(
            "http://site.test/\u00e9",
            "http://site.test/final",
            Outcome.SKIPPED,
            "non-html",
            404,
            3,
            "http://site.test/",
            "text/html",
            Long.MAX_VALUE,
            0,
            "\"\u2028\ud83c\udf1e\u0000",
            null,
            List.of(),
            List.of("\u00df"),
            odd,
            true,
            true,
            false,
            2,
            List.of("http://site.test/r1", "http://site.test/r2"),
            "boom\nline",
            "visible \u65e5",
            "<p>x</p>",
            Boolean.TRUE);
    for (CrawlRecord r :
        List.of(fetched("http://site.test/a", "A"), failed("http://site.test/b"), withContent)) {
      String bound = new String(mapper.writeValueAsBytes(r), UTF_8); // to bytes, as files are
      assertEquals(bound + "\n", write(r), "as data binding writes it");
    }
  }

  @Test
  void recordsRoundTripThroughTheMapper() throws IOException {
    CrawlRecord fetched = fetched("http://site.test/a", "A \"quoted\"\ntitle \u00e9");
    CrawlRecord failed = failed("http://site.test/b");
    List<String> lines = lines(write(fetched, failed));
    assertEquals(fetched, mapper.readValue(lines.get(0), CrawlRecord.class));
    assertEquals(failed, mapper.readValue(lines.get(1), CrawlRecord.class));
  }

  @Test
  void closingAStreamSinkFlushesButLeavesTheStreamOpen() throws IOException {
    RecordingStream out = new RecordingStream();
    JsonlSink sink = JsonlSink.toStream(out);
    sink.accept(failed("http://site.test/b"));
    sink.close();
    assertFalse(out.closed, "standard output stays usable");
    assertEquals(1, lines(out.text()).size());
    out.write("still writable\n".getBytes(UTF_8));
  }

  @Test
  void flushPushesCompleteLinesToTheStream() throws IOException {
    RecordingStream out = new RecordingStream();
    JsonlSink sink = JsonlSink.toStream(out);
    sink.accept(failed("http://site.test/b"));
    sink.flush();
    assertEquals(1, lines(out.text()).size());
    sink.accept(failed("http://site.test/c"));
    sink.flush();
    assertEquals(2, lines(out.text()).size());
  }

  @Test
  void buffersRecordsUntilFlush() throws IOException {
    RecordingStream out = new RecordingStream();
    JsonlSink sink = JsonlSink.toStream(out);
    sink.accept(failed("http://site.test/b"));
    assertEquals("", out.text(), "nothing written before flush");
    sink.flush();
    assertEquals(1, lines(out.text()).size());
  }

  @Test
  void writesAFileReadableLineByLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("out.jsonl");
    Files.writeString(file, "old content that must be replaced\n");
    CrawlRecord a = fetched("http://site.test/a", "A \u00e9");
    CrawlRecord b = failed("http://site.test/b");
    try (JsonlSink sink = JsonlSink.toFile(file)) {
      sink.accept(a);
      sink.accept(b);
    }
    List<CrawlRecord> read = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        read.add(mapper.readValue(line, CrawlRecord.class));
      }
    }
    assertEquals(List.of(a, b), read);
  }

  @Test
  void mapperIsACopyThatCallersCannotReconfigure() throws IOException {
    JsonlSink.mapper().setPropertyNamingStrategy(null);
    String line = lines(write(failed("http://site.test/b"))).get(0);
    assertTrue(line.contains("\"final_url\""), line);
  }
}
