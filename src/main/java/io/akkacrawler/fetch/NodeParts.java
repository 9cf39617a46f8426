package io.akkacrawler.fetch;

import akka.actor.typed.ActorRef;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import java.util.List;
import java.util.Map;

/**
 * The answers of a cluster node that writes its own part of the output. The node sends a compact
 * {@link Recorded} (the outcome and the links to follow, not the page); when the asker takes it
 * ({@link Fetcher.Received} with {@code write}), the node appends the record to its part and, once
 * the part is flushed, tells the asker which jobs it now holds ({@link Flushed}): only then is a
 * job done. A node that dies between the two never sends {@code Flushed}, and its jobs are done
 * again.
 */
public final class NodeParts {
  private NodeParts() {}

  /**
   * The name that marks the parts of one node's run in their file names ({@code
   * 127.0.0.1-2552-1a2b3c4d}): its host, port and incarnation (the low 32 bits of its uid).
   */
  public static String nodeName(String host, int port, long uid) {
    return host.replaceAll("[^A-Za-z0-9.-]", "_")
        + "-"
        + port
        + "-"
        + String.format("%08x", (int) uid);
  }

  /** The file name of a part written by node {@code nodeName} for output {@code base}. */
  public static String partName(String base, String nodeName) {
    return base + ".part-" + nodeName + ".jsonl";
  }

  /** Whether {@code part} (a path) was written by node {@code nodeName}. */
  public static boolean writtenBy(String part, String nodeName) {
    return part.endsWith(".part-" + nodeName + ".jsonl");
  }

  /**
   * The terminal result of dispatch {@code dispatchId}, whose record the node writes to {@code
   * part} if the asker takes it: {@code result} without the parsed page ({@code follow} kept, the
   * links to follow, distinct), {@code links} the number of links the record lists.
   */
  public record Recorded(
      long dispatchId,
      CrawlJob job,
      FetchResult result,
      int links,
      List<String> setCookies,
      ActorRef<Fetcher.Receipt> confirmTo,
      String part)
      implements Fetcher.Reply {
    public Recorded {
      setCookies = List.copyOf(setCookies);
    }
  }

  /**
   * Part {@code part} holds, flushed (synced for a resumable crawl), the records of these jobs
   * (with the dispatch each was written for) from byte {@code from} to byte {@code to}. Each part's
   * flushes come in order and without gaps. {@code warc}: how far each of the node's WARC files
   * written to since its last flush now goes (their exchanges come before their records).
   */
  public record Flushed(
      String part,
      long from,
      long to,
      List<Long> jobIds,
      List<Long> dispatchIds,
      Map<String, Long> warc)
      implements Fetcher.Reply {
    public Flushed {
      jobIds = List.copyOf(jobIds);
      dispatchIds = List.copyOf(dispatchIds);
      warc = warc == null ? Map.of() : Map.copyOf(warc);
      if (jobIds.size() != dispatchIds.size()) {
        throw new IllegalArgumentException("a dispatch for each job");
      }
    }

    /** A flush without WARC files. */
    public Flushed(String part, long from, long to, List<Long> jobIds, List<Long> dispatchIds) {
      this(part, from, to, jobIds, dispatchIds, Map.of());
    }
  }
}
