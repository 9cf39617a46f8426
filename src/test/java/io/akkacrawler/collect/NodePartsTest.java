package io.akkacrawler.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster nodes that write their own output parts: a node writes a record only when the collector
 * takes its answer, a job is done only when the node's part holds its record, and what a part holds
 * is committed (and its manifest written) by the length it holds without a gap.
 */
class NodePartsTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestCrawls.config(""));
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;

  private final TestProbe<Collector.Event> supervisor = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> nodeA = testKit.createTestProbe();
  private final TestProbe<Fetcher.Receipt> nodeB = testKit.createTestProbe();
  private final List<CrawlRecord> coordinatorRecords =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private ActorRef<Fetcher.Reply> answers;

  private ActorRef<Collector.Command> collector() throws IOException {
    ActorRef<Collector.Command> collector =
        testKit.spawn(
            Collector.create(
                TestCrawls.settings("output.flush-interval = 50ms", "http://site.test/"),
                new Outputs(
                    coordinatorRecords::add,
                    null,
                    false,
                    new OutputParts(dir.resolve("out.jsonl"), Map.of("/old/part", 10L))),
                CrawlListener.NONE,
                supervisor.ref()));
    answers = supervisor.expectMessageClass(Collector.Started.class).answers();
    return collector;
  }

  private static FetchResult page() {
    return new FetchResult.Fetched(
        new FetchResult.Response(200, "text/html", 100, 5, false),
        new ParsedPage(
            "T",
            List.of("http://site.test/a"),
            null,
            false,
            false,
            List.of("b"),
            Map.of(),
            List.of()),
        List.of("http://site.test/a"));
  }

  private static CrawlJob job(long id) {
    return CrawlJob.of(id, "http://site.test/" + id, 1, "http://site.test/");
  }

  private static FetchResult compact(List<String> follow) {
    return new FetchResult.Fetched(
        new FetchResult.Response(200, "text/html", 100, 5, false), null, follow);
  }

  /** Receipts a node got together, not looked at yet. */
  private final Map<TestProbe<?>, ArrayDeque<Fetcher.Received>> owed = new HashMap<>();

  /** The receipt a node gets for its next answer (receipts of several may come in one message). */
  private Fetcher.Received received(TestProbe<Fetcher.Receipt> node) {
    ArrayDeque<Fetcher.Received> got = owed.computeIfAbsent(node, n -> new ArrayDeque<>());
    if (got.isEmpty()) {
      Fetcher.Receipt r = node.receiveMessage();
      if (r instanceof Fetcher.Receipts batch) {
        got.addAll(batch.receipts());
      } else {
        got.add((Fetcher.Received) r);
      }
    }
    return got.poll();
  }

  private NodeParts.Recorded recorded(long dispatch, long job, TestProbe<?> node, String part) {
    @SuppressWarnings("unchecked")
    ActorRef<Fetcher.Receipt> ref = (ActorRef<Fetcher.Receipt>) node.ref();
    return new NodeParts.Recorded(
        dispatch, job(job), compact(List.of("http://site.test/x")), 7, List.of(), ref, part);
  }

  @Test
  void aJobIsDoneWhenTheNodesPartHoldsItsRecordAndThePartLengthIsCommitted() throws Exception {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(recorded(10, 1, nodeA, "/a"));
    assertEquals(new Fetcher.Received(10, true), received(nodeA), "the node writes it");
    // Its links are admitted at once (the node leaves them out of its next answers) ...
    Collector.LinksFound links = supervisor.expectMessageClass(Collector.LinksFound.class);
    assertEquals(1, links.job().id());
    assertEquals(List.of("http://site.test/x"), links.follow());
    supervisor.expectNoMessage(Duration.ofMillis(200)); // ... but not done before the part has it
    answers.tell(new NodeParts.Flushed("/a", 0, 300, List.of(1L), List.of(10L)));
    Collector.PageDone done = supervisor.expectMessageClass(Collector.PageDone.class);
    assertEquals(1, done.job().id());
    assertEquals(List.of(), done.follow(), "admitted already");
    Collector.OutputFlushed flushed = supervisor.expectMessageClass(Collector.OutputFlushed.class);
    assertEquals(List.of(1L), flushed.jobIds());
    assertEquals(Map.of("/a", 300L, "/old/part", 10L), flushed.parts());
    assertEquals(
        Map.of("/old/part", 10L, "/a", 300L),
        OutputParts.readManifest(OutputParts.manifestOf(dir.resolve("out.jsonl"))));
    assertEquals(List.of(), coordinatorRecords, "the coordinator wrote none of it");
  }

  @Test
  void answersANodeSentTogetherAreEachTakenAsIfTheyCameAlone() throws Exception {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    collector.tell(new Collector.Open(2, 20));
    collector.tell(new Collector.Open(3, 30));
    @SuppressWarnings("unchecked")
    ActorRef<Fetcher.Receipt> a = (ActorRef<Fetcher.Receipt>) (ActorRef<?>) nodeA.ref();
    answers.tell(
        new AnswerBatch(
            List.of(new Fetcher.Fetched(20, job(2), page(), a)),
            List.of(recorded(10, 1, nodeA, "/a"), recorded(29, 3, nodeA, "/a"))));
    assertEquals(new Fetcher.Received(20, true), received(nodeA), "its record is written");
    assertEquals(new Fetcher.Received(10, true), received(nodeA), "the node writes it");
    assertEquals(new Fetcher.Received(29, false), received(nodeA), "not the awaited dispatch");
    Collector.PageDone done = supervisor.expectMessageClass(Collector.PageDone.class);
    assertEquals(2, done.job().id());
    assertEquals(List.of("http://site.test/a"), done.follow());
    assertEquals(1, supervisor.expectMessageClass(Collector.LinksFound.class).job().id());
    assertEquals(
        List.of("http://site.test/2"), coordinatorRecords.stream().map(CrawlRecord::url).toList());
  }

  @Test
  void aNodeWhoseAnswerIsNotAwaitedDropsItsRecord() throws Exception {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(recorded(9, 1, nodeA, "/a")); // an earlier dispatch
    assertEquals(new Fetcher.Received(9, false), received(nodeA));
    answers.tell(recorded(10, 2, nodeA, "/a")); // a job that is not open
    assertEquals(new Fetcher.Received(10, false), received(nodeA));
  }

  @Test
  void aJobTakenFromOneNodeIsNotWrittenByAnotherWhileTheFirstMayStillFlushIt() throws Exception {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(recorded(10, 1, nodeA, "/a"));
    assertTrue(received(nodeA).write());
    // The distributor lost sight of node A and gave the job to node B; A may still flush the
    // record.
    answers.tell(recorded(10, 1, nodeB, "/b"));
    assertFalse(received(nodeB).write(), "not in two parts at once");
    answers.tell(recorded(10, 1, nodeA, "/a")); // A's answer again: its receipt was lost
    assertTrue(received(nodeA).write());
    answers.tell(new NodeParts.Flushed("/a", 0, 100, List.of(1L), List.of(10L)));
    assertEquals(1, expect(Collector.PageDone.class).job().id());
  }

  @Test
  void theJobsANodeThatLeftHadNotFlushedAreDoneAgainAtOnceAndItsLateFlushDoesNotCount()
      throws Exception {
    String gone = NodeParts.nodeName("10.0.0.1", 2552, 0xabcdL);
    String partA = dir.resolve(NodeParts.partName("out", gone)).toString();
    String sameAddressNewRun =
        dir.resolve(NodeParts.partName("out", NodeParts.nodeName("10.0.0.1", 2552, 0x1234L)))
            .toString();
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    collector.tell(new Collector.Open(2, 11));
    collector.tell(new Collector.Open(3, 12));
    answers.tell(recorded(10, 1, nodeA, partA));
    answers.tell(recorded(11, 2, nodeA, partA));
    assertTrue(received(nodeA).write());
    assertTrue(received(nodeA).write());
    answers.tell(new NodeParts.Flushed(partA, 0, 100, List.of(1L), List.of(10L)));
    assertEquals(1, expect(Collector.PageDone.class).job().id());

    collector.tell(new Collector.NodeGone(gone));
    Collector.RetryLater again = expect(Collector.RetryLater.class);
    assertEquals(2, again.job().id());
    assertEquals(11, again.dispatchId(), "the dispatch the node had");
    assertTrue(again.result() instanceof FetchResult.Restarted, "not counted as a failure");
    // The distributor gives node A's job to node B with the same dispatch: it waits for the next
    // one.
    answers.tell(recorded(11, 2, nodeB, "/b"));
    assertFalse(received(nodeB).write());
    // Node A's last flush comes after all: it does not count, and its part stays at 100 bytes.
    answers.tell(new NodeParts.Flushed(partA, 100, 200, List.of(2L), List.of(11L)));
    // A node at the same address in a new run is another node.
    answers.tell(recorded(12, 3, nodeA, sameAddressNewRun));
    assertTrue(received(nodeA).write());
    // The job's next dispatch is done by node B.
    collector.tell(new Collector.Open(2, 13));
    answers.tell(recorded(13, 2, nodeB, "/b"));
    assertTrue(received(nodeB).write());
    answers.tell(new NodeParts.Flushed("/b", 0, 90, List.of(2L), List.of(13L)));
    assertEquals(2, expect(Collector.PageDone.class).job().id());
    Collector.OutputFlushed flushed = expect(Collector.OutputFlushed.class);
    assertEquals(100L, flushed.parts().get(partA), "only what was flushed before it left");
    assertEquals(90L, flushed.parts().get("/b"));
  }

  /** The next event of {@code type}, past the flushes the collector reports on its timer. */
  private <T extends Collector.Event> T expect(Class<T> type) {
    while (true) {
      Collector.Event e = supervisor.receiveMessage();
      if (type.isInstance(e)) {
        return type.cast(e);
      }
      assertTrue(
          e instanceof Collector.OutputFlushed || e instanceof Collector.LinksFound,
          "unexpected " + e);
    }
  }

  @Test
  void aPartWithAGapIsClosedItsJobsDoneAgainAndAJobGivenToAnotherDispatchIsNotDoneByTheOldOne()
      throws Exception {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    collector.tell(new Collector.Open(2, 11));
    answers.tell(recorded(10, 1, nodeA, "/a"));
    answers.tell(recorded(11, 2, nodeB, "/b"));
    assertTrue(received(nodeA).write());
    assertTrue(received(nodeB).write());
    answers.tell(new NodeParts.Flushed("/a", 50, 100, List.of(1L), List.of(10L))); // 0..50 lost
    // The part is closed: the job taken from it is done again at once.
    Collector.RetryLater again = expect(Collector.RetryLater.class);
    assertEquals(1, again.job().id());
    assertTrue(again.result() instanceof FetchResult.Restarted);
    collector.tell(new Collector.Open(2, 12)); // the job went to another dispatch meanwhile
    answers.tell(new NodeParts.Flushed("/b", 0, 100, List.of(2L), List.of(11L)));
    supervisor.expectNoMessage(Duration.ofMillis(300));
    // Without a gap, the same part's next flush counts.
    collector.tell(new Collector.Open(3, 13));
    answers.tell(recorded(13, 3, nodeB, "/b"));
    assertTrue(received(nodeB).write());
    answers.tell(new NodeParts.Flushed("/b", 100, 180, List.of(3L), List.of(13L)));
    assertEquals(3, expect(Collector.PageDone.class).job().id());
  }

  @Test
  void aNodesPartWriterReportsWhatItsFileHolds() throws Exception {
    TestProbe<Fetcher.Reply> collector = testKit.createTestProbe();
    TestProbe<PartWriter.Written> slot = testKit.createTestProbe();
    Path file = dir.resolve("node").resolve("out.part-n.jsonl");
    TestProbe<PartWriter.Failed> failures = testKit.createTestProbe();
    ActorRef<PartWriter.Command> writer =
        testKit.spawn(PartWriter.create(file, null, List.of(), true, failures.ref()));
    FetchResult page = page();
    writer.tell(new PartWriter.Append(job(1), 10, page, List.of(), collector.ref(), slot.ref()));
    writer.tell(new PartWriter.Append(job(2), 11, page, List.of(), collector.ref(), slot.ref()));
    NodeParts.Flushed first = (NodeParts.Flushed) collector.receiveMessage();
    long total = first.to();
    List<Long> jobs = new java.util.ArrayList<>(first.jobIds());
    if (jobs.size() < 2) { // the two appends may come in two flushes
      NodeParts.Flushed second = (NodeParts.Flushed) collector.receiveMessage();
      assertEquals(first.to(), second.from(), "flushes follow each other without a gap");
      jobs.addAll(second.jobIds());
      total = second.to();
    }
    assertEquals(0, first.from());
    assertEquals(List.of(1L, 2L), jobs);
    assertEquals(Files.size(file), total, "reported once the file holds it");
    assertEquals(2, slot.receiveSeveralMessages(2).size());
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    var record = JSON.readTree(lines.get(0));
    assertEquals("http://site.test/1", record.get("url").asText());
    assertEquals("T", record.get("title").asText());
    assertEquals(1, record.get("links").size());
    failures.expectNoMessage(Duration.ofMillis(100));
    testKit.stop(writer);
  }

  @Test
  void aNodesWarcFilesHoldEachRecordsExchangesBeforeItAndAreCommittedWithThePart()
      throws Exception {
    TestProbe<Fetcher.Reply> collector = testKit.createTestProbe();
    TestProbe<PartWriter.Written> slot = testKit.createTestProbe();
    Path node = dir.resolve("node");
    Path file = node.resolve("out.part-n.jsonl");
    WarcOutput warc =
        WarcOutput.create(node, "n", 1 << 20, Map.of("software", "test"), Clock.systemUTC());
    TestProbe<PartWriter.Failed> failures = testKit.createTestProbe();
    ActorRef<PartWriter.Command> writer =
        testKit.spawn(PartWriter.create(file, warc, List.of(), false, failures.ref()));
    // A robots.txt's exchange (no record here), then a page's with its record.
    writer.tell(new PartWriter.Archive(List.of(exchange("http://site.test/robots.txt"))));
    writer.tell(
        new PartWriter.Append(
            job(1),
            10,
            page(),
            List.of(exchange("http://site.test/1")),
            collector.ref(),
            slot.ref()));
    NodeParts.Flushed flushed = (NodeParts.Flushed) collector.receiveMessage();
    Path warcFile = warc.directory().resolve(warc.position().file());
    assertTrue(warcFile.getFileName().toString().contains("-n-"), "named for its node");
    assertEquals(
        Map.of(warcFile.toAbsolutePath().toString(), Files.size(warcFile)),
        flushed.warc(),
        "how far the node's WARC file goes, as the flush left it");
    List<String> targets =
        io.akkacrawler.warc.WarcRead.all(warcFile).stream()
            .filter(r -> r.type().equals("response"))
            .map(io.akkacrawler.warc.WarcRead::target)
            .toList();
    assertEquals(List.of("http://site.test/robots.txt", "http://site.test/1"), targets);

    // The coordinator commits the WARC file's length with the part's.
    ActorRef<Collector.Command> coordinator = collector();
    coordinator.tell(new Collector.Open(1, 10));
    answers.tell(recorded(10, 1, nodeA, file.toString()));
    assertTrue(received(nodeA).write());
    answers.tell(flushed);
    expect(Collector.PageDone.class);
    Collector.OutputFlushed commit = expect(Collector.OutputFlushed.class);
    assertEquals(Files.size(warcFile), commit.parts().get(warcFile.toAbsolutePath().toString()));
    testKit.stop(writer);
  }

  private static io.akkacrawler.warc.ArchivedExchange exchange(String url) throws IOException {
    byte[] body = ("<html>" + url + "</html>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new io.akkacrawler.warc.WarcEncoder()
        .encode(
            new io.akkacrawler.warc.HttpExchange(
                url,
                java.time.Instant.now(),
                java.net.InetAddress.getLoopbackAddress(),
                Map.of(),
                200,
                Map.of(),
                body,
                body.length,
                org.netpreserve.jwarc.WarcTruncationReason.NOT_TRUNCATED));
  }

  @Test
  void aPartThatCannotBeWrittenReportsNoJobReleasesItsSlotsAndTellsTheNodeOnce() {
    TestProbe<Fetcher.Reply> collector = testKit.createTestProbe();
    TestProbe<PartWriter.Written> slot = testKit.createTestProbe();
    TestProbe<PartWriter.Failed> failures = testKit.createTestProbe();
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    ActorRef<PartWriter.Command> writer =
        testKit.spawn(
            PartWriter.create(
                JsonlSink.toStream(full), null, "/parts/p.jsonl", List.of(), true, failures.ref()));
    writer.tell(new PartWriter.Append(job(1), 10, page(), List.of(), collector.ref(), slot.ref()));
    writer.tell(new PartWriter.Append(job(2), 11, page(), List.of(), collector.ref(), slot.ref()));
    PartWriter.Failed failed = failures.receiveMessage();
    assertEquals("/parts/p.jsonl", failed.part());
    assertEquals("No space left on device", failed.reason());
    // Each slot waiting on the writer is released, whether its append came before the failed
    // flush or after it; the collector hears of no job, so the coordinator gives both to other
    // nodes; the node is told once.
    assertEquals(
        Set.of(10L, 11L),
        slot.receiveSeveralMessages(2).stream()
            .map(PartWriter.Written::dispatchId)
            .collect(Collectors.toSet()));
    writer.tell(new PartWriter.Append(job(3), 12, page(), List.of(), collector.ref(), slot.ref()));
    assertEquals(12, slot.receiveMessage().dispatchId());
    collector.expectNoMessage(Duration.ofMillis(200));
    failures.expectNoMessage(Duration.ofMillis(100));
    testKit.stop(writer);
  }

  @Test
  void aFinishedCrawlCutsThePartsItCanSeeToTheirCommittedLength() throws Exception {
    Path part = dir.resolve("out.part-a.jsonl");
    Files.writeString(part, "{\"url\":\"1\"}\n{\"url\":\"2\"}\n");
    OutputParts parts = new OutputParts(dir.resolve("out.jsonl"), Map.of(part.toString(), 12L));
    assertEquals(List.of("/elsewhere/part"), missing(parts));
    assertEquals("{\"url\":\"1\"}\n", Files.readString(part));
  }

  private List<String> missing(OutputParts parts) {
    parts.flushed(new NodeParts.Flushed("/elsewhere/part", 0, 5, List.of(), List.of()));
    return parts.truncateVisible();
  }
}
