package io.akkacrawler.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.HttpExchange;
import io.akkacrawler.warc.WarcEncoder;
import io.akkacrawler.warc.WarcPosition;
import io.akkacrawler.warc.WarcRead;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.Warcinfo;

class WarcOutputTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T21:30:00Z"), ZoneOffset.UTC);
  private static final Map<String, String> INFO = Map.of("software", "akka-crawler/test");

  @TempDir Path dir;
  private final WarcEncoder encoder = new WarcEncoder();

  private ArchivedExchange page(String path, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return encoder.encode(
        new HttpExchange(
            "http://127.0.0.1:8080" + path,
            CLOCK.instant(),
            InetAddress.getByName("127.0.0.1"),
            Map.of("User-Agent", List.of("t")),
            200,
            Map.of("content-type", List.of("text/html")),
            bytes,
            bytes.length,
            WarcTruncationReason.NOT_TRUNCATED));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private List<WarcRead> records() throws IOException {
    List<WarcRead> all = new ArrayList<>();
    for (Path f : files()) {
      all.addAll(WarcRead.all(f));
    }
    return all;
  }

  @Test
  void startsWithWarcinfoAndWritesResponseThenRequest() throws IOException {
    try (WarcOutput out = WarcOutput.create(dir, 1L << 30, INFO, CLOCK)) {
      out.write(page("/a", "<p>a</p>"));
      assertEquals(Files.size(dir.resolve(out.position().file())), out.position().offset());
    }
    assertEquals(List.of(dir.resolve("akka-crawler-20261201213000-00000.warc.gz")), files());
    List<WarcRead> records = records();
    assertEquals(
        List.of("warcinfo", "response", "request"), records.stream().map(WarcRead::type).toList());
    Warcinfo info = (Warcinfo) records.get(0).record();
    assertEquals("akka-crawler-20261201213000-00000.warc.gz", info.filename().orElseThrow());
    assertTrue(new String(records.get(0).block(), StandardCharsets.UTF_8).contains("software"));
  }

  @Test
  void anIdenticalPayloadBecomesARevisitOfTheFirstResponse() throws IOException {
    try (WarcOutput out = WarcOutput.create(dir, 1L << 30, INFO, CLOCK)) {
      out.write(page("/a", "same"));
      out.write(page("/b", "other"));
      out.write(page("/c", "same"));
    }
    List<WarcRead> records = records();
    WarcRead original = records.get(1);
    WarcRead revisit = records.get(5);
    assertEquals("revisit", revisit.type());
    WarcRevisit r = (WarcRevisit) revisit.record();
    assertEquals(WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1, r.profile());
    assertEquals("http://127.0.0.1:8080/c", r.target());
    assertEquals(original.record().id(), r.refersTo().orElseThrow());
    assertEquals("http://127.0.0.1:8080/a", r.refersToTargetURI().orElseThrow().toString());
    assertEquals(original.record().date(), r.refersToDate().orElseThrow());
    assertEquals(
        original.record().headers().first("WARC-Payload-Digest"),
        r.headers().first("WARC-Payload-Digest"));
    assertEquals(0, revisit.payload().length);
    assertEquals(200, revisit.status());
  }

  @Test
  void rollsToANewFileAtTheSizeAndStartsEachWithWarcinfo() throws IOException {
    try (WarcOutput out = WarcOutput.create(dir, 2_000, INFO, CLOCK)) {
      for (int i = 0; i < 12; i++) {
        out.write(page("/p" + i, "page number " + i + " ".repeat(i * 40)));
      }
    }
    List<Path> files = files();
    assertTrue(files.size() > 2, "files: " + files);
    for (int i = 0; i < files.size(); i++) {
      assertEquals(
          String.format("akka-crawler-20261201213000-%05d.warc.gz", i),
          files.get(i).getFileName().toString());
      List<WarcRead> records = WarcRead.all(files.get(i));
      assertEquals("warcinfo", records.get(0).type());
      assertEquals(0, (records.size() - 1) % 2, "whole exchanges in " + files.get(i));
      // A file passes the size only with its first exchange.
      assertTrue(Files.size(files.get(i)) <= 2_000 || records.size() == 3);
    }
    assertEquals(1 + 12 * 2 + files.size() - 1, records().size());
  }

  @Test
  void resumeCutsATornTailDeletesLaterFilesAndStillKnowsThePayloads() throws IOException {
    WarcPosition committed;
    try (WarcOutput out = WarcOutput.create(dir, 1L << 30, INFO, CLOCK)) {
      out.write(page("/a", "kept"));
      committed = out.position();
      out.write(page("/b", "lost after the commit"));
    }
    Path file = dir.resolve(committed.file());
    // A crash tore a record at the end, and the crawl had rolled to a file no commit covers.
    Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8, 0}, StandardOpenOption.APPEND);
    Path later = dir.resolve("akka-crawler-20261201213000-00001.warc.gz");
    Files.write(later, new byte[] {1, 2, 3});
    Path otherCrawl = dir.resolve("akka-crawler-20250101000000-00007.warc.gz");
    Files.write(otherCrawl, new byte[] {1});

    try (WarcOutput out = WarcOutput.resume(dir, 1L << 30, INFO, CLOCK, committed)) {
      assertEquals(committed, out.position());
      out.write(page("/c", "kept"));
    }
    assertFalse(Files.exists(later));
    assertTrue(Files.exists(otherCrawl), "another crawl's files are left alone");
    Files.delete(otherCrawl);
    List<WarcRead> records = records();
    assertEquals(
        List.of("warcinfo", "response", "request", "revisit", "request"),
        records.stream().map(WarcRead::type).toList());
    assertEquals(
        "http://127.0.0.1:8080/a",
        ((WarcRevisit) records.get(3).record()).refersToTargetURI().orElseThrow().toString());
  }

  @Test
  void resumeRefusesAFileShorterThanItsCommit() throws IOException {
    WarcPosition committed;
    try (WarcOutput out = WarcOutput.create(dir, 1L << 30, INFO, CLOCK)) {
      out.write(page("/a", "x"));
      committed = out.position();
    }
    Files.write(dir.resolve(committed.file()), new byte[10]);
    IOException e =
        assertThrows(
            IOException.class, () -> WarcOutput.resume(dir, 1L << 30, INFO, CLOCK, committed));
    assertTrue(e.getMessage().contains("shorter"), e.getMessage());
  }

  @Test
  void twoCrawlsStartedInTheSameSecondGetFilesOfTheirOwn() throws IOException {
    Map<String, String> info = new LinkedHashMap<>(INFO);
    try (WarcOutput first = WarcOutput.create(dir, 1L << 30, info, CLOCK);
        WarcOutput second = WarcOutput.create(dir, 1L << 30, info, CLOCK)) {
      assertEquals("akka-crawler-20261201213000-00000.warc.gz", first.position().file());
      assertEquals("akka-crawler-20261201213001-00000.warc.gz", second.position().file());
    }
  }
}
