package io.akkacrawler.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads one message of {@link WireSerializer}'s format; remembers the last actor reference it
 * resolved.
 */
final class WireReader {
  private final Supplier<ActorRefResolver> resolver;

  final WireBytes.In in;
  private String lastPath;
  private ActorRef<?> lastRef;

  WireReader(byte[] bytes, Supplier<ActorRefResolver> resolver) {
    this.in = new WireBytes.In(bytes);
    this.resolver = resolver;
  }

  /** One item of a list. */
  interface Item<T> {
    T read() throws NotSerializableException;
  }

  <T> List<T> list(Item<T> item) throws NotSerializableException {
    int n = in.count();
    List<T> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(item.read());
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  <T> ActorRef<T> ref() throws NotSerializableException {
    String path = in.string();
    if (path == null) {
      return null;
    }
    if (!path.equals(lastPath)) {
      lastRef = resolver.get().resolveActorRef(path);
      lastPath = path;
    }
    return (ActorRef<T>) lastRef;
  }

  Fetcher.Command command() throws NotSerializableException {
    int tag = in.tag();
    return switch (tag) {
      case WireWriter.FETCH -> new Fetcher.Fetch(job(), in.signed(), in.string(), ref());
      case WireWriter.ROBOTS -> new Fetcher.FetchRobots(in.string(), in.signed(), ref());
      case WireWriter.SITEMAP ->
          new Fetcher.FetchSitemap(in.string(), in.string(), in.signed(), ref());
      default -> throw new NotSerializableException("unknown job in a crawl message: " + tag);
    };
  }

  CrawlJob job() throws NotSerializableException {
    long id = in.signed();
    String url = in.string();
    int depth = in.integer();
    String parent = in.string();
    String fetchUrl = in.bool() ? url : in.string();
    return new CrawlJob(id, url, depth, parent, fetchUrl, in.strings(), in.integer(), in.integer());
  }

  Fetcher.Fetched fetched() throws NotSerializableException {
    return new Fetcher.Fetched(in.signed(), job(), result(), in.strings(), ref());
  }

  NodeParts.Recorded recorded() throws NotSerializableException {
    return new NodeParts.Recorded(
        in.signed(), job(), result(), in.integer(), in.strings(), ref(), in.string());
  }

  Fetcher.Received received() throws NotSerializableException {
    return new Fetcher.Received(in.signed(), in.bool());
  }

  FetchResult result() throws NotSerializableException {
    int tag = in.tag();
    return switch (tag) {
      case WireWriter.R_FETCHED -> new FetchResult.Fetched(response(), page(), in.strings());
      case WireWriter.R_SKIPPED -> new FetchResult.Skipped(reason(), in.string(), response());
      case WireWriter.R_FAILED -> new FetchResult.Failed(reason(), in.string(), response());
      case WireWriter.R_RETRY ->
          new FetchResult.Retry(reason(), in.string(), response(), in.signed());
      case WireWriter.R_REDIRECT -> new FetchResult.Redirect(response(), in.string());
      case WireWriter.R_CRASHED -> new FetchResult.Crashed(in.string());
      case WireWriter.R_RESTARTED -> new FetchResult.Restarted();
      default -> throw new NotSerializableException("unknown result in a crawl message: " + tag);
    };
  }

  private Reason reason() throws NotSerializableException {
    String name = in.string();
    return name == null ? null : Reason.valueOf(name);
  }

  private FetchResult.Response response() throws NotSerializableException {
    if (!in.bool()) {
      return null;
    }
    return new FetchResult.Response(in.integer(), in.string(), in.signed(), in.signed(), in.bool());
  }

  private ParsedPage page() throws NotSerializableException {
    if (!in.bool()) {
      return null;
    }
    String title = in.string();
    List<String> links = in.strings();
    String canonical = in.string();
    long flags = in.unsigned();
    List<String> buttons = in.strings();
    int n = in.count();
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      fields.put(in.string(), in.strings());
    }
    List<String> nofollowLinks = in.strings();
    return new ParsedPage(
        title,
        links,
        canonical,
        (flags & 1) != 0,
        (flags & 2) != 0,
        buttons,
        fields,
        nofollowLinks,
        in.string(),
        in.string(),
        (flags & 4) != 0);
  }
}
