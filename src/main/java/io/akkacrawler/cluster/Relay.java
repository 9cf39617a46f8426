package io.akkacrawler.cluster;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a node sends an answer to the coordinator so that it arrives whatever its size. Akka's
 * transport drops any message over its frame size (256 KiB) without telling the receiver; a page
 * with thousands of long links, or extraction fields of megabytes, is larger. An answer that may be
 * large is serialized here: up to {@link #WHOLE_LIMIT} bytes it goes as it is, above that as {@link
 * ResultInbox.Chunk}s of {@link #CHUNK_BYTES} to the coordinator's {@link ResultInbox}, and above
 * {@code maxBytes} not at all: a page's answer becomes a failure ({@code result-too-large}) that
 * says why, a sitemap's an error. Answers surely small go through the node's {@link AnswerOutbox},
 * which sends several in one message.
 */
final class Relay {
  /** Answers up to this size (serialized) travel as one message: well below the frame size. */
  static final int WHOLE_LIMIT = 192 * 1024;

  static final int CHUNK_BYTES = 128 * 1024;

  /** Below this estimate an answer is sent without being measured. */
  private static final long SURELY_SMALL = 32 * 1024;

  /** What to send for one answer, ready to be sent (and sent again). */
  interface Outgoing {
    void send();

    /**
     * True when the answer is over {@code cluster.max-result-size} and a failure of its job goes in
     * its place: the asker records the page as failed and follows none of its links.
     */
    default boolean replaced() {
      return false;
    }
  }

  private final ExtendedActorSystem classic;
  private final Serialization serialization;
  private final ActorRef<ResultInbox.Command> inbox;
  private final ActorRef<AnswerOutbox.Command> outbox;
  private final long maxBytes;

  Relay(
      ActorSystem<?> system,
      ActorRef<ResultInbox.Command> inbox,
      ActorRef<AnswerOutbox.Command> outbox,
      long maxBytes) {
    this.classic = (ExtendedActorSystem) Adapter.toClassic(system);
    this.serialization = SerializationExtension.get(classic);
    this.inbox = inbox;
    this.outbox = outbox;
    this.maxBytes = maxBytes;
  }

  /** How to get {@code reply} to {@code asker}. */
  Outgoing prepare(Fetcher.Reply reply, ActorRef<Fetcher.Reply> asker) {
    long estimate = estimate(reply);
    if (estimate < SURELY_SMALL) {
      // Small answers go through the node's outbox, which sends several in one message.
      return () -> outbox.tell(new AnswerOutbox.Send(asker, reply, estimate));
    }
    byte[] bytes = serialize(reply);
    if (bytes.length <= WHOLE_LIMIT) {
      return () -> asker.tell(reply);
    }
    if (bytes.length > maxBytes) {
      Outgoing failure = prepare(tooLarge(reply, bytes.length), asker);
      return new Outgoing() {
        @Override
        public void send() {
          failure.send();
        }

        @Override
        public boolean replaced() {
          return true;
        }
      };
    }
    Serializer serializer = serialization.findSerializerFor(reply);
    String manifest = Serializers.manifestFor(serializer, reply);
    long dispatchId = dispatchId(reply);
    int total = (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
    List<ResultInbox.Chunk> chunks = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      byte[] part =
          Arrays.copyOfRange(bytes, i * CHUNK_BYTES, Math.min(bytes.length, (i + 1) * CHUNK_BYTES));
      chunks.add(
          new ResultInbox.Chunk(
              asker, dispatchId, i, total, serializer.identifier(), manifest, part));
    }
    return () -> chunks.forEach(inbox::tell);
  }

  /**
   * The asker took the answer of dispatch {@code dispatchId} (a page's); {@code admitted}: and
   * admitted the links to follow it carried, which the node's later answers leave out.
   */
  void answered(long dispatchId, boolean admitted) {
    outbox.tell(new AnswerOutbox.Answered(dispatchId, admitted));
  }

  /** The bytes the transport would send; actor refs in it are written with this node's address. */
  private byte[] serialize(Fetcher.Reply reply) {
    scala.Function0<byte[]> serialize = () -> serialization.serialize(reply).get();
    return akka.serialization.Serialization$.MODULE$.withTransportInformation(classic, serialize);
  }

  private Fetcher.Reply tooLarge(Fetcher.Reply reply, long size) {
    String why =
        String.format(
            Locale.ROOT,
            "its result is %.1f MB, over cluster.max-result-size (%.1f MB)",
            size / 1e6,
            maxBytes / 1e6);
    if (reply instanceof Fetcher.Fetched f) {
      return new Fetcher.Fetched(
          f.dispatchId(),
          f.job(),
          new FetchResult.Failed(Reason.RESULT_TOO_LARGE, why, f.result().response()),
          f.setCookies(), // the response's cookies still count
          f.confirmTo());
    }
    if (reply instanceof NodeParts.Recorded r) {
      // The coordinator writes this page's failure record itself: too large to keep.
      return new Fetcher.Fetched(
          r.dispatchId(),
          r.job(),
          new FetchResult.Failed(Reason.RESULT_TOO_LARGE, why, r.result().response()),
          r.setCookies(),
          r.confirmTo());
    }
    if (reply instanceof Fetcher.SitemapAnswered s) {
      return new Fetcher.SitemapAnswered(
          s.host(),
          s.url(),
          s.dispatchId(),
          new SitemapReader.Sitemap(List.of(), List.of(), "sitemap too large: " + why),
          s.fetchMs());
    }
    throw new IllegalStateException("cannot send an answer of " + size + " bytes: " + why);
  }

  private static long dispatchId(Fetcher.Reply reply) {
    if (reply instanceof Fetcher.Fetched f) {
      return f.dispatchId();
    } else if (reply instanceof Fetcher.SitemapAnswered s) {
      return s.dispatchId();
    } else if (reply instanceof Fetcher.RobotsAnswered r) {
      return r.dispatchId();
    } else if (reply instanceof NodeParts.Recorded r) {
      return r.dispatchId();
    }
    return -1;
  }

  /**
   * Characters of text in {@code reply} (every string it carries: URLs, cookies, the page's fields,
   * its kept text and HTML): a lower bound of its serialized size, cheap to count.
   */
  static long estimate(Fetcher.Reply reply) {
    if (reply instanceof Fetcher.Fetched f) {
      return length(f.job()) + length(f.result()) + length(f.setCookies());
    }
    if (reply instanceof Fetcher.SitemapAnswered s) {
      return length(s.sitemap().urls()) + length(s.sitemap().children()) + length(s.url());
    }
    if (reply instanceof NodeParts.Recorded r) {
      return length(r.job()) + length(r.result()) + length(r.setCookies()) + length(r.part());
    }
    return Long.MAX_VALUE; // robots.txt rules: measured
  }

  private static long length(CrawlJob job) {
    return length(job.url())
        + length(job.fetchUrl())
        + length(job.parent())
        + length(job.redirects());
  }

  private static long length(FetchResult result) {
    long n = length(result.detail()) + length(result.response().contentType());
    if (result instanceof FetchResult.Redirect r) {
      n += length(r.location());
    }
    if (result instanceof FetchResult.Fetched page) {
      n += length(page.follow());
      ParsedPage p = page.page();
      if (p != null) {
        n += length(p.title()) + length(p.canonical()) + length(p.links());
        n += length(p.buttonIds()) + length(p.nofollowLinks());
        n += length(p.text()) + length(p.html());
        for (Map.Entry<String, List<String>> e : p.fields().entrySet()) {
          n += length(e.getKey()) + length(e.getValue());
        }
      }
    }
    return n;
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }

  private static long length(List<String> list) {
    long n = 0;
    for (String s : list) {
      n += s.length() + 2;
    }
    return n;
  }
}
