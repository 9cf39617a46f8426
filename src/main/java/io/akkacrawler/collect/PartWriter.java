package io.akkacrawler.collect;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.akkacrawler.config.ExtractionRule;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster node's own part of the output: appends the records of the jobs the coordinator let the
 * node keep, flushes them in groups (all the appends waiting in its mailbox, then one flush, synced
 * for a resumable crawl), then tells the coordinator's collector which jobs the part now holds
 * ({@link NodeParts.Flushed}) and each slot that its record is safe ({@link Written}). One per node
 * and crawl; the part is a new file.
 */
public final class PartWriter extends AbstractBehavior<PartWriter.Command> {
  /** Local messages only. */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  /**
   * Write the record of {@code job} from {@code result}; {@code asker} is the collector to tell,
   * {@code replyTo} the slot waiting for the write.
   */
  public record Append(
      CrawlJob job,
      long dispatchId,
      FetchResult result,
      List<ArchivedExchange> archived,
      ActorRef<Fetcher.Reply> asker,
      ActorRef<Written> replyTo)
      implements Command {}

  /**
   * Exchanges of an answer that makes no record here (a robots.txt, a sitemap, a redirect, a
   * response to try again): into the node's WARC files, committed with its next flush.
   */
  public record Archive(List<ArchivedExchange> exchanges) implements Command {}

  /** The record of dispatch {@code dispatchId} is in the part and flushed (or cannot be). */
  public record Written(long dispatchId) implements NoSerializationVerificationNeeded {}

  private enum Flush implements Command {
    INSTANCE
  }

  /**
   * The part cannot be written (a full disk, say): the writer releases its slots and writes no
   * more; the jobs it had not flushed are never reported, so the coordinator gives them to other
   * nodes.
   */
  public record Failed(String part, String reason) implements NoSerializationVerificationNeeded {}

  private final JsonlSink sink;

  /** The node's WARC files, or null. */
  private final WarcOutput warc;

  /** How far each WARC file written to since the last flush goes (absolute path: end). */
  private final Map<String, Long> warcEnds = new LinkedHashMap<>();

  private final String part;
  private final List<ExtractionRule> rules;
  private final boolean durable;
  private final ActorRef<Failed> onFailure;
  private final List<Append> unflushed = new ArrayList<>();
  private long flushedTo;
  private boolean failed;

  /**
   * A writer of the part {@code file} (replaced if it exists), named {@code file}'s absolute path
   * to the coordinator; {@code durable}: sync each flush to disk (a resumable crawl); {@code
   * onFailure} hears if the part cannot be written. The file is opened (and the error thrown) here.
   */
  public static Behavior<Command> create(
      Path file,
      WarcOutput warc,
      List<ExtractionRule> rules,
      boolean durable,
      ActorRef<Failed> onFailure)
      throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    return create(JsonlSink.toFile(absolute), warc, absolute.toString(), rules, durable, onFailure);
  }

  /**
   * A writer into {@code sink} (and {@code warc}, the node's WARC files, or null), the part named
   * {@code part} to the coordinator; the writer closes both when it stops.
   */
  static Behavior<Command> create(
      JsonlSink sink,
      WarcOutput warc,
      String part,
      List<ExtractionRule> rules,
      boolean durable,
      ActorRef<Failed> onFailure) {
    return Behaviors.setup(
        context -> new PartWriter(context, sink, warc, part, rules, durable, onFailure));
  }

  private PartWriter(
      ActorContext<Command> context,
      JsonlSink sink,
      WarcOutput warc,
      String part,
      List<ExtractionRule> rules,
      boolean durable,
      ActorRef<Failed> onFailure) {
    super(context);
    this.sink = sink;
    this.warc = warc;
    this.part = part;
    this.rules = List.copyOf(rules);
    this.durable = durable;
    this.onFailure = onFailure;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Append.class, this::onAppend)
        .onMessage(Archive.class, this::onArchive)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onAppend(Append a) {
    if (failed) {
      a.replyTo().tell(new Written(a.dispatchId())); // not held: the coordinator does it again
      return this;
    }
    try {
      archive(a.archived()); // the exchanges before their record, as a standalone crawl does
      sink.accept(Records.of(a.job(), a.result(), rules));
    } catch (IOException | RuntimeException e) {
      a.replyTo().tell(new Written(a.dispatchId())); // not held: the coordinator does it again
      return fail(e);
    }
    if (unflushed.isEmpty()) {
      getContext().getSelf().tell(Flush.INSTANCE); // after the appends already waiting
    }
    unflushed.add(a);
    return this;
  }

  private Behavior<Command> onArchive(Archive a) {
    if (!failed) {
      try {
        archive(a.exchanges());
      } catch (IOException | RuntimeException e) {
        return fail(e);
      }
    }
    return this;
  }

  /** Appends exchanges to the WARC files, noting how far each file touched goes. */
  private void archive(List<ArchivedExchange> exchanges) throws IOException {
    if (warc == null) {
      return; // the node keeps no exchanges
    }
    for (ArchivedExchange x : exchanges) {
      WarcPosition before = warc.position();
      warc.write(x);
      WarcPosition after = warc.position();
      if (!after.file().equals(before.file())) {
        warcEnds.put(warcPath(before), before.offset()); // rolled: that file ends here
      }
      warcEnds.put(warcPath(after), after.offset());
    }
  }

  private String warcPath(WarcPosition p) {
    return warc.directory().resolve(p.file()).toAbsolutePath().toString();
  }

  private Behavior<Command> onFlush() {
    if (failed || unflushed.isEmpty()) {
      return this;
    }
    try {
      if (durable && warc != null) {
        warc.sync(); // first: a record's exchanges are on disk when the record is
      }
      if (durable) {
        sink.sync();
      } else {
        sink.flush();
      }
    } catch (IOException | RuntimeException e) {
      return fail(e);
    }
    Map<String, Long> warcFlushed = Map.copyOf(warcEnds);
    warcEnds.clear();
    long to = sink.position();
    Map<ActorRef<Fetcher.Reply>, List<Append>> byAsker = new LinkedHashMap<>();
    for (Append a : unflushed) {
      byAsker.computeIfAbsent(a.asker(), k -> new ArrayList<>()).add(a);
    }
    byAsker.forEach(
        (asker, appends) -> {
          List<Long> jobs = new ArrayList<>(appends.size());
          List<Long> dispatches = new ArrayList<>(appends.size());
          for (Append a : appends) {
            jobs.add(a.job().id());
            dispatches.add(a.dispatchId());
          }
          asker.tell(new NodeParts.Flushed(part, flushedTo, to, jobs, dispatches, warcFlushed));
        });
    flushedTo = to;
    unflushed.forEach(a -> a.replyTo().tell(new Written(a.dispatchId())));
    unflushed.clear();
    return this;
  }

  /**
   * The part cannot be written: its unflushed jobs are never reported, so the coordinator gives
   * them to another dispatch; the slots are released (now and for every later append) and the node
   * told, once, so that it leaves the crawl.
   */
  private Behavior<Command> fail(Exception e) {
    failed = true;
    unflushed.forEach(a -> a.replyTo().tell(new Written(a.dispatchId())));
    unflushed.clear();
    onFailure.tell(new Failed(part, String.valueOf(e.getMessage())));
    return this;
  }

  private Behavior<Command> onStop() {
    try (WarcOutput w = warc) {
      sink.close();
    } catch (IOException e) {
      if (!failed) { // after a failure the node has said why, in one line
        getContext().getLog().warn("Cannot close the output part {}: {}", part, e.getMessage());
      }
    }
    return this;
  }
}
