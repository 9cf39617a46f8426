package io.akkacrawler.fetch;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.fetch.DocumentFetcher.Document;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.HttpExchange;
import io.akkacrawler.warc.WarcEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fetches and parses pages; one per core behind the supervisor's pool router. Requests run
 * asynchronously (several at once); the answer of each is parsed on this actor's thread and sent,
 * as a {@link Reply}, to the {@code replyTo} the asker gave. Per-URL errors become results; an
 * unexpected exception crashes the actor, which then reports its unfinished jobs as crashed so they
 * are dispatched again. Knows nobody above it: askers adapt its replies into their protocols. For a
 * crawl that keeps WARC files, each reply carries its exchanges encoded as WARC records ({@code
 * archived}: local only, never serialized, so they never cross the network).
 */
public final class Fetcher extends AbstractBehavior<Fetcher.Command> {
  /** Jobs cross the network in batches, so each says which it is. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Fetch.class, name = "fetch"),
    @JsonSubTypes.Type(value = FetchRobots.class, name = "robots"),
    @JsonSubTypes.Type(value = FetchSitemap.class, name = "sitemap")
  })
  public sealed interface Command extends CrawlMessage {}

  /**
   * Fetch the job's {@code fetchUrl} and send the result to {@code replyTo}; {@code cookie} is the
   * crawl's {@code Cookie} header for it as the jar held it at dispatch (null: none).
   */
  public record Fetch(CrawlJob job, long dispatchId, String cookie, ActorRef<Reply> replyTo)
      implements Command {
    public Fetch(CrawlJob job, long dispatchId, ActorRef<Reply> replyTo) {
      this(job, dispatchId, null, replyTo);
    }
  }

  /** Fetch the robots.txt of {@code host} and send the rules to {@code replyTo}. */
  public record FetchRobots(String host, long dispatchId, ActorRef<Reply> replyTo)
      implements Command {}

  /** Fetch one sitemap file and send its URLs to {@code replyTo}. */
  public record FetchSitemap(String host, String url, long dispatchId, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * What a fetch answers; the asker adapts it into its own protocol. In a cluster crawl whose nodes
   * write their own output parts, a node answers with the {@link NodeParts} replies instead.
   */
  public sealed interface Reply extends CrawlMessage
      permits Fetched,
          RobotsAnswered,
          SitemapAnswered,
          AnswerBatch,
          NodeParts.Recorded,
          NodeParts.Flushed {}

  /**
   * The result of dispatch {@code dispatchId}, with the {@code Set-Cookie} headers of its response
   * for the crawl's jar. When {@code confirmTo} is set (an answer relayed from another node), the
   * asker confirms with a {@link Receipt} once it holds the answer.
   */
  public record Fetched(
      long dispatchId,
      CrawlJob job,
      FetchResult result,
      List<String> setCookies,
      ActorRef<Receipt> confirmTo,
      @JsonIgnore List<ArchivedExchange> archived)
      implements Reply {
    public Fetched {
      setCookies = setCookies == null ? List.of() : List.copyOf(setCookies);
      archived = archived == null ? List.of() : List.copyOf(archived);
    }

    public Fetched(long dispatchId, CrawlJob job, FetchResult result) {
      this(dispatchId, job, result, List.of(), null, List.of());
    }

    /** An answer that set no cookie, to be confirmed to {@code confirmTo}. */
    public Fetched(long dispatchId, CrawlJob job, FetchResult result, ActorRef<Receipt> confirmTo) {
      this(dispatchId, job, result, List.of(), confirmTo, List.of());
    }

    /** An answer with the cookies it set, to be confirmed to {@code confirmTo}. */
    public Fetched(
        long dispatchId,
        CrawlJob job,
        FetchResult result,
        List<String> setCookies,
        ActorRef<Receipt> confirmTo) {
      this(dispatchId, job, result, setCookies, confirmTo, List.of());
    }

    /** An answer that set no cookie, with its exchanges for the WARC files. */
    public Fetched(
        long dispatchId,
        CrawlJob job,
        FetchResult result,
        ActorRef<Receipt> confirmTo,
        List<ArchivedExchange> archived) {
      this(dispatchId, job, result, List.of(), confirmTo, archived);
    }

    /** The same answer, to be confirmed to {@code receipts}. */
    public Fetched confirmedTo(ActorRef<Receipt> receipts) {
      return new Fetched(dispatchId, job, result, setCookies, receipts, archived);
    }
  }

  /** A host's robots.txt came back (or could not be had). */
  public record RobotsAnswered(
      String host,
      long dispatchId,
      RobotsFetched robots,
      @JsonIgnore List<ArchivedExchange> archived)
      implements Reply {
    public RobotsAnswered {
      archived = archived == null ? List.of() : List.copyOf(archived);
    }

    public RobotsAnswered(String host, long dispatchId, RobotsFetched robots) {
      this(host, dispatchId, robots, List.of());
    }
  }

  /** A sitemap file came back with its page URLs and child sitemaps (or an error). */
  public record SitemapAnswered(
      String host,
      String url,
      long dispatchId,
      SitemapReader.Sitemap sitemap,
      long fetchMs,
      @JsonIgnore List<ArchivedExchange> archived)
      implements Reply {
    public SitemapAnswered {
      archived = archived == null ? List.of() : List.copyOf(archived);
    }

    public SitemapAnswered(
        String host, String url, long dispatchId, SitemapReader.Sitemap sitemap, long fetchMs) {
      this(host, url, dispatchId, sitemap, fetchMs, List.of());
    }
  }

  /**
   * The asker holds the answer of {@code dispatchId}; a repeated answer is confirmed again. {@code
   * write}: the answer was taken (for a {@link NodeParts.Recorded} answer the node writes the
   * record; for a page's {@link Fetched} answer its record is written and its links to follow are
   * admitted) or not (the job was done, or given to another dispatch: the node drops it).
   */
  public record Received(long dispatchId, boolean write) implements Receipt {
    public Received(long dispatchId) {
      this(dispatchId, false);
    }
  }

  /** What an asker confirms relayed answers with: one, or several to the same node at once. */
  public sealed interface Receipt extends CrawlMessage permits Received, Receipts {}

  /** The receipts of several answers of one node, in the order they were taken. */
  public record Receipts(List<Received> receipts) implements Receipt {
    public Receipts {
      receipts = List.copyOf(receipts);
    }
  }

  private record HttpDone(long dispatchId, HttpResult result, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private record RobotsDone(FetchRobots request, SiteDocuments.RobotsAnswer answer)
      implements Command, NoSerializationVerificationNeeded {}

  private record SitemapDone(FetchSitemap request, Document doc, Throwable failure, long startNanos)
      implements Command, NoSerializationVerificationNeeded {}

  private final HttpFetcher http;
  private final EchoPages pages;
  private final SiteDocuments documents;
  private final FetchInterceptor interceptor;
  private final Map<Long, Pending> pending = new HashMap<>();

  /** The dispatch whose message is being handled: if this actor crashes now, it is the cause. */
  private long handling = -1;

  private record Pending(Fetch request, long startNanos) {}

  /** Fetch times are measured with it (System::nanoTime but in tests). */
  private final LongSupplier nanoClock;

  /** Encodes exchanges as WARC records, once the first one comes (a crawl with WARC files). */
  private WarcEncoder encoder;

  public static Behavior<Command> create(
      HttpFetcher http,
      PageProcessor processor,
      SiteDocuments documents,
      FetchInterceptor interceptor) {
    return create(http, processor, documents, interceptor, System::nanoTime);
  }

  /** As the other {@code create}, with fetch times read from {@code nanoClock} (for tests). */
  public static Behavior<Command> create(
      HttpFetcher http,
      PageProcessor processor,
      SiteDocuments documents,
      FetchInterceptor interceptor,
      LongSupplier nanoClock) {
    return Behaviors.setup(
        context -> new Fetcher(context, http, processor, documents, interceptor, nanoClock));
  }

  private Fetcher(
      ActorContext<Command> context,
      HttpFetcher http,
      PageProcessor processor,
      SiteDocuments documents,
      FetchInterceptor interceptor,
      LongSupplier nanoClock) {
    super(context);
    this.nanoClock = nanoClock;
    this.http = http;
    this.pages = processor.echoPages();
    this.documents = documents;
    this.interceptor = interceptor;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(HttpDone.class, this::onHttpDone)
        .onMessage(FetchRobots.class, this::onFetchRobots)
        .onMessage(RobotsDone.class, this::onRobotsDone)
        .onMessage(FetchSitemap.class, this::onFetchSitemap)
        .onMessage(SitemapDone.class, this::onSitemapDone)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .build();
  }

  private Behavior<Command> onFetch(Fetch fetch) {
    // Registered first, so that a crash from here on reports this job too.
    long id = fetch.dispatchId();
    pending.put(id, new Pending(fetch, nanoClock.getAsLong()));
    handling = id;
    if (interceptor.beforeFetch(fetch.job().fetchUrl()) == FetchInterceptor.Action.DROP) {
      pending.remove(id);
    } else {
      getContext()
          .pipeToSelf(
              http.fetch(fetch.job().fetchUrl(), fetch.cookie()), (r, t) -> new HttpDone(id, r, t));
    }
    handling = -1;
    return this;
  }

  private Behavior<Command> onHttpDone(HttpDone done) {
    Pending p = pending.remove(done.dispatchId());
    if (p == null) {
      return this; // started by an earlier incarnation of this actor, already reported
    }
    CrawlJob job = p.request().job();
    FetchResult result;
    if (done.failure() != null) {
      result =
          PageProcessor.failure(
              done.failure(), (nanoClock.getAsLong() - p.startNanos()) / 1_000_000, job.fetchUrl());
    } else {
      try {
        result = pages.process(job.fetchUrl(), job.depth(), done.result());
      } catch (RuntimeException | StackOverflowError e) {
        // One bad page must never stop the crawl.
        getContext().getLog().warn("Cannot process {}: {}", job.fetchUrl(), e.toString());
        result =
            new FetchResult.Failed(
                Reason.PARSE_ERROR,
                e.toString(),
                done.result().status(),
                done.result().elapsedMs());
      }
    }
    List<String> cookies = done.result() == null ? List.of() : done.result().setCookies();
    List<HttpExchange> exchanges =
        done.result() == null || done.result().exchange() == null
            ? List.of()
            : List.of(done.result().exchange());
    p.request()
        .replyTo()
        .tell(
            new Fetched(p.request().dispatchId(), job, result, cookies, null, archive(exchanges)));
    return this;
  }

  private Behavior<Command> onFetchRobots(FetchRobots m) {
    // The answer carries its own timing: the request may have been sent before this ask.
    getContext()
        .pipeToSelf(
            documents.fetchRobots(m.host()),
            (answer, failure) ->
                new RobotsDone(
                    m, answer != null ? answer : new SiteDocuments.RobotsAnswer(null, failure, 0)));
    return this;
  }

  private Behavior<Command> onRobotsDone(RobotsDone d) {
    Document doc = d.answer().document();
    d.request()
        .replyTo()
        .tell(
            new RobotsAnswered(
                d.request().host(),
                d.request().dispatchId(),
                documents.robots(d.request().host(), d.answer()),
                archive(doc == null ? List.of() : doc.exchanges())));
    return this;
  }

  private Behavior<Command> onFetchSitemap(FetchSitemap m) {
    long start = nanoClock.getAsLong();
    getContext()
        .pipeToSelf(
            documents.fetchSitemap(m.url()),
            (doc, failure) -> new SitemapDone(m, doc, failure, start));
    return this;
  }

  private Behavior<Command> onSitemapDone(SitemapDone d) {
    long ms = (nanoClock.getAsLong() - d.startNanos()) / 1_000_000;
    d.request()
        .replyTo()
        .tell(
            new SitemapAnswered(
                d.request().host(),
                d.request().url(),
                d.request().dispatchId(),
                documents.sitemap(d.request().url(), d.doc(), d.failure()),
                ms,
                archive(d.doc() == null ? List.of() : d.doc().exchanges())));
    return this;
  }

  /** The exchanges as WARC records; one that cannot be encoded is left out, with a warning. */
  private List<ArchivedExchange> archive(List<HttpExchange> exchanges) {
    if (exchanges.isEmpty()) {
      return List.of();
    }
    if (encoder == null) {
      encoder = new WarcEncoder();
    }
    List<ArchivedExchange> archived = new ArrayList<>(exchanges.size());
    for (HttpExchange x : exchanges) {
      try {
        archived.add(encoder.encode(x));
      } catch (IOException | RuntimeException e) {
        getContext().getLog().warn("Cannot encode the exchange of {}: {}", x.uri(), e.toString());
      }
    }
    return archived;
  }

  private Behavior<Command> onPreRestart() {
    for (Pending p : pending.values()) {
      long id = p.request().dispatchId();
      // Only the job being handled caused the crash; the others were merely in flight.
      FetchResult result =
          id == handling
              ? new FetchResult.Crashed("fetcher crashed on it")
              : new FetchResult.Restarted();
      p.request().replyTo().tell(new Fetched(id, p.request().job(), result));
    }
    pending.clear();
    return this;
  }
}
