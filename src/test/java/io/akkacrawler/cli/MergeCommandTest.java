package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crawl merge}: a cluster crawl's output and its nodes' parts, read as one. */
class MergeCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Cli.Signals.manual());
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** out.jsonl with one record; a part whose third line is beyond its committed length. */
  private Path crawlWithAPart(Path partDir) throws Exception {
    Path output = dir.resolve("out.jsonl");
    Files.writeString(output, "{\"url\":\"c\"}\n");
    Files.createDirectories(partDir);
    Path part = partDir.resolve("out.part-n.jsonl");
    Files.writeString(part, "{\"url\":\"1\"}\n{\"url\":\"2\"}\n{\"url\":\"again\"}\n");
    Files.writeString(
        dir.resolve("out.jsonl.parts.json"),
        "{\"parts\":[{\"file\":\"" + part.toAbsolutePath() + "\",\"committed\":24}]}");
    return output;
  }

  @Test
  void printsTheOutputThenEachPartUpToItsCommittedLength() throws Exception {
    Path output = crawlWithAPart(dir.resolve("node"));
    assertEquals(ExitCodes.OK, run("merge", output.toString()), errors());
    assertEquals(
        List.of("{\"url\":\"c\"}", "{\"url\":\"1\"}", "{\"url\":\"2\"}"),
        out.toString(StandardCharsets.UTF_8).lines().toList());
    Path all = dir.resolve("all.jsonl");
    assertEquals(ExitCodes.OK, run("merge", output.toString(), "-o", all.toString()), errors());
    assertEquals(3, Files.readAllLines(all).size());
  }

  @Test
  void findsAPartCopiedFromAnotherMachineOrSaysWhichIsMissing() throws Exception {
    Path output = crawlWithAPart(dir.resolve("node"));
    Path copies = Files.createDirectories(dir.resolve("copies"));
    Files.move(dir.resolve("node/out.part-n.jsonl"), copies.resolve("out.part-n.jsonl"));
    assertEquals(ExitCodes.USAGE, run("merge", output.toString()));
    assertTrue(errors().startsWith("error: part out.part-n.jsonl not found"), errors());
    assertEquals(1, errors().lines().count(), "one line: " + errors());
    err.reset();
    assertEquals(
        ExitCodes.OK, run("merge", output.toString(), "--parts-dir", copies.toString()), errors());
    assertEquals(3, out.toString(StandardCharsets.UTF_8).lines().count());
  }

  @Test
  void copiesEachNodesWarcFileUpToItsCommittedLengthAndKeepsItOutOfTheRecords() throws Exception {
    Path output = crawlWithAPart(dir.resolve("node"));
    Path warc = dir.resolve("node/akka-crawler-20261202000000-n-00000.warc.gz");
    Files.write(warc, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); // 7 committed, 3 beyond
    Path part = dir.resolve("node/out.part-n.jsonl").toAbsolutePath();
    Files.writeString(
        dir.resolve("out.jsonl.parts.json"),
        "{\"parts\":[{\"file\":\""
            + part
            + "\",\"committed\":24},{\"file\":\""
            + warc.toAbsolutePath()
            + "\",\"committed\":7}]}");
    assertEquals(ExitCodes.OK, run("merge", output.toString()), errors());
    assertEquals(3, out.toString(StandardCharsets.UTF_8).lines().count(), "records only");
    out.reset();
    Path copies = dir.resolve("all-warc");
    assertEquals(
        ExitCodes.OK,
        run("merge", output.toString(), "--warc-dir", copies.toString(), "-o", "/dev/null"),
        errors());
    assertEquals(
        List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7),
        toList(Files.readAllBytes(copies.resolve(warc.getFileName()))));
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    assertEquals(
        ExitCodes.USAGE, run("merge", output.toString(), "--warc-dir", notADirectory.toString()));
    assertEquals(
        "error: cannot copy the WARC files into " + notADirectory + ": not a directory",
        errors().strip());
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> list = new java.util.ArrayList<>();
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  @Test
  void anOutputWithoutPartsOrAClusterFlagThatCannotWorkIsAOneLineError() {
    assertEquals(ExitCodes.USAGE, run("merge", dir.resolve("none.jsonl").toString()));
    assertTrue(
        errors().contains("was " + dir.resolve("none.jsonl") + " written with --parts"), errors());
    err.reset();
    assertEquals(
        ExitCodes.USAGE,
        run("--parts", "-o", dir.resolve("x.jsonl").toString(), "http://127.0.0.1:9/"));
    assertTrue(errors().contains("--parts (output.parts) is for cluster mode"), errors());
    assertEquals(1, errors().lines().count(), errors());
    err.reset();
    // Port 0 would make a coordinator nobody can join.
    assertEquals(
        ExitCodes.USAGE,
        run("--cluster-port", "0", "-o", dir.resolve("x.jsonl").toString(), "http://127.0.0.1:9/"));
    assertTrue(errors().startsWith("error: --cluster-port takes a port from 1 to 65535"), errors());
  }
}
