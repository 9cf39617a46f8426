package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.fetch.Fetcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Receives, on the coordinator, the answers that are too large for one network message: a node
 * sends such an answer as {@link Chunk}s of its serialized bytes (see {@link Relay}), and the inbox
 * puts them together and hands the answer to its asker as if it had come whole. A chunk set that
 * stays incomplete is dropped after {@link #ABANDON_AFTER}; the node sends it again until the asker
 * confirms it.
 */
public final class ResultInbox extends AbstractBehavior<ResultInbox.Command> {
  public sealed interface Command {}

  /**
   * Part {@code index} of {@code total} of an answer for {@code deliverTo}, serialized with the
   * serializer {@code serializerId} and {@code manifest}.
   */
  public record Chunk(
      ActorRef<Fetcher.Reply> deliverTo,
      long dispatchId,
      int index,
      int total,
      int serializerId,
      String manifest,
      byte[] data)
      implements Command, CrawlMessage {}

  private enum Sweep implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** How long an incomplete chunk set is kept after its last chunk came. */
  static final Duration ABANDON_AFTER = Duration.ofSeconds(30);

  private record Key(ActorRef<Fetcher.Reply> deliverTo, long dispatchId) {}

  private static final class Partial {
    final byte[][] parts;
    int received;
    long touchedNanos;

    Partial(int total) {
      parts = new byte[total][];
    }
  }

  private final Serialization serialization;
  private final LongSupplier nanoClock;
  private final Map<Key, Partial> partials = new HashMap<>();

  public static Behavior<Command> create() {
    return create(System::nanoTime);
  }

  static Behavior<Command> create(LongSupplier nanoClock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Sweep.INSTANCE, ABANDON_AFTER.dividedBy(3));
                  return new ResultInbox(context, nanoClock);
                }));
  }

  private ResultInbox(ActorContext<Command> context, LongSupplier nanoClock) {
    super(context);
    this.serialization = SerializationExtension.get(context.getSystem());
    this.nanoClock = nanoClock;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Chunk.class, this::onChunk)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onChunk(Chunk c) {
    if (c.total() <= 0 || c.index() < 0 || c.index() >= c.total()) {
      return this;
    }
    Key key = new Key(c.deliverTo(), c.dispatchId());
    Partial p = partials.computeIfAbsent(key, k -> new Partial(c.total()));
    if (p.parts.length != c.total()) {
      return this; // not of this set
    }
    if (p.parts[c.index()] == null) {
      p.parts[c.index()] = c.data();
      p.received++;
    }
    p.touchedNanos = nanoClock.getAsLong();
    if (p.received < p.parts.length) {
      return this;
    }
    partials.remove(key);
    int length = 0;
    for (byte[] part : p.parts) {
      length += part.length;
    }
    byte[] whole = new byte[length];
    int at = 0;
    for (byte[] part : p.parts) {
      System.arraycopy(part, 0, whole, at, part.length);
      at += part.length;
    }
    try {
      Object reply = serialization.deserialize(whole, c.serializerId(), c.manifest()).get();
      c.deliverTo().tell((Fetcher.Reply) reply);
    } catch (RuntimeException e) {
      getContext()
          .getLog()
          .warn("Dropped an answer of dispatch {} that cannot be read: {}", c.dispatchId(), e);
    }
    return this;
  }

  private Behavior<Command> onSweep() {
    long oldest = nanoClock.getAsLong() - ABANDON_AFTER.toNanos();
    for (Iterator<Partial> it = partials.values().iterator(); it.hasNext(); ) {
      if (it.next().touchedNanos < oldest) {
        it.remove();
      }
    }
    return this;
  }
}
