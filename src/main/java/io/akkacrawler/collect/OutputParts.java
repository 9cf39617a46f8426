package io.akkacrawler.collect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The coordinator's account of the output parts that cluster nodes write: which node's answer was
 * taken for each job (only that node writes its record), how far each part holds records without a
 * gap, and the manifest next to the coordinator's own output that says how many bytes of each part
 * are committed ({@code OUT.parts.json}). A part may be longer than its committed length (a node
 * killed after writing records whose jobs were then done again elsewhere): readers stop at the
 * committed length, and a finished crawl cuts every part it can see back to it. Used by the
 * collector only.
 */
public final class OutputParts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A job's answer taken from a node; its record counts once {@code part} holds it. */
  record Taken(CrawlJob job, long dispatchId, String part, FetchResult result, int links) {}

  private final Path output;
  private final Path manifest;

  /** Each part's end: all of it is records of jobs that were taken from its node. */
  private final Map<String, Long> ends = new LinkedHashMap<>();

  private final Map<Long, Taken> taken = new HashMap<>();
  private final Set<String> broken = new HashSet<>();

  /** The nodes that left the crawl: their parts are closed. */
  private final Set<String> goneNodes = new HashSet<>();

  private boolean changed;

  /**
   * The parts of the crawl whose own output is {@code output}, with the committed lengths of a
   * resumed crawl's earlier parts ({@code committed}); the manifest is written at once.
   */
  public OutputParts(Path output, Map<String, Long> committed) throws IOException {
    this.output = output.toAbsolutePath();
    this.manifest = manifestOf(output);
    ends.putAll(committed);
    writeManifest();
  }

  /** The coordinator's own output file (absolute). */
  public Path output() {
    return output;
  }

  /** The manifest of the crawl whose own output is {@code output}. */
  public static Path manifestOf(Path output) {
    Path abs = output.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + ".parts.json");
  }

  /** The committed length of each part, from a manifest. */
  public static Map<String, Long> readManifest(Path manifest) throws IOException {
    Map<String, Object> m = JSON.readValue(manifest.toFile(), new TypeReference<>() {});
    Map<String, Long> parts = new LinkedHashMap<>();
    Object list = m.get("parts");
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> p) {
          parts.put(String.valueOf(p.get("file")), ((Number) p.get("committed")).longValue());
        }
      }
    }
    return parts;
  }

  /** What {@link #take} decided. */
  enum Take {
    /** The node writes the record: its answer is taken now. */
    FIRST,
    /** The node writes the record: the same answer, sent again. */
    AGAIN,
    /** The node drops the record (its part is closed, or another node's may still hold it). */
    REFUSED
  }

  /**
   * Takes {@code r}'s answer for its job (its dispatch is the awaited one), unless its part is
   * closed or the same dispatch's answer was taken from another part first: the distributor gives
   * the jobs of a node it lost to another, but that node may still flush its record, so the job
   * waits for the first node's flush or for its end ({@link #nodeGone}), never in two parts at
   * once.
   */
  Take take(NodeParts.Recorded r) {
    if (closed(r.part())) {
      return Take.REFUSED;
    }
    Taken before = taken.get(r.job().id());
    if (before != null && before.dispatchId() == r.dispatchId()) {
      return before.part().equals(r.part()) ? Take.AGAIN : Take.REFUSED;
    }
    taken.put(r.job().id(), new Taken(r.job(), r.dispatchId(), r.part(), r.result(), r.links()));
    return Take.FIRST;
  }

  /**
   * Node {@code nodeName} left the crawl (see {@link NodeParts#nodeName}): its parts are closed (a
   * flush that comes later does not count: its jobs are done again) and the jobs taken from them
   * and not yet flushed are returned, to be done again now.
   */
  List<Taken> nodeGone(String nodeName) {
    goneNodes.add(nodeName);
    return release(this::closed);
  }

  /** The jobs taken from the parts {@code of} accepts, no longer taken. */
  private List<Taken> release(Predicate<String> of) {
    List<Taken> lost = new ArrayList<>();
    for (Iterator<Taken> it = taken.values().iterator(); it.hasNext(); ) {
      Taken t = it.next();
      if (of.test(t.part())) {
        it.remove();
        lost.add(t);
      }
    }
    return lost;
  }

  private boolean closed(String part) {
    if (broken.contains(part)) {
      return true;
    }
    for (String node : goneNodes) {
      if (NodeParts.writtenBy(part, node)) {
        return true;
      }
    }
    return false;
  }

  /** The job was given to dispatch {@code dispatchId}: an answer taken for another is void. */
  void dispatched(long jobId, long dispatchId) {
    Taken t = taken.get(jobId);
    if (t != null && t.dispatchId() != dispatchId) {
      taken.remove(jobId);
    }
  }

  /**
   * What a part's flush holds: jobs now done, jobs whose answer was not taken from this part
   * ({@code strays}), or a gap (a flush that never arrived), after which the part is closed and the
   * jobs taken from it ({@code lost}) are done again.
   */
  record Flush(List<Taken> done, List<Long> strays, boolean gap, List<Taken> lost) {}

  /**
   * Part {@code f.part()} holds more records: returns the jobs taken from it whose records are now
   * flushed, the ones whose answer was not (or no longer) taken from it ({@code strays}: written
   * twice), or a gap: the part is not extended any more, its jobs are done again. The flush of a
   * closed part does not count.
   */
  Flush flushed(NodeParts.Flushed f) {
    if (closed(f.part())) {
      return new Flush(List.of(), List.of(), false, List.of());
    }
    if (f.from() != ends.getOrDefault(f.part(), 0L)) {
      broken.add(f.part());
      return new Flush(List.of(), List.of(), true, release(f.part()::equals));
    }
    List<Taken> done = new ArrayList<>();
    List<Long> strays = new ArrayList<>();
    for (int i = 0; i < f.jobIds().size(); i++) {
      long jobId = f.jobIds().get(i);
      Taken t = taken.get(jobId);
      if (t != null && t.dispatchId() == f.dispatchIds().get(i) && t.part().equals(f.part())) {
        taken.remove(jobId);
        done.add(t);
      } else {
        strays.add(jobId);
      }
    }
    ends.put(f.part(), f.to());
    // A node's WARC files are committed as its parts are: up to where its last flush had them.
    f.warc().forEach((file, end) -> ends.merge(file, end, Math::max));
    changed = true;
    return new Flush(done, strays, false, List.of());
  }

  /** Whether a part grew since the last {@link #committing()}. */
  boolean changed() {
    return changed;
  }

  /** Each part's length as of now, to commit with the jobs whose records they hold. */
  Map<String, Long> committing() {
    changed = false;
    return Map.copyOf(ends);
  }

  /** Writes the manifest (atomically: a new file renamed over the old). */
  void writeManifest() throws IOException {
    List<Map<String, Object>> parts = new ArrayList<>();
    ends.forEach((file, committed) -> parts.add(Map.of("file", file, "committed", committed)));
    Path tmp = manifest.resolveSibling(manifest.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), Map.of("parts", parts));
    Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Cuts each part this machine can see back to its committed length (a finished crawl: what is
   * beyond was done again elsewhere). Returns the parts it could not see or cut.
   */
  List<String> truncateVisible() {
    List<String> unseen = new ArrayList<>();
    for (Map.Entry<String, Long> e : ends.entrySet()) {
      try (FileChannel ch = FileChannel.open(Path.of(e.getKey()), StandardOpenOption.WRITE)) {
        if (ch.size() > e.getValue()) {
          ch.truncate(e.getValue());
          ch.force(false);
        }
      } catch (IOException | RuntimeException notHere) {
        unseen.add(e.getKey());
      }
    }
    return unseen;
  }
}
