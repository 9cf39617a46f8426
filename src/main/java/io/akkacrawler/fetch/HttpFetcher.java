package io.akkacrawler.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.akkacrawler.config.FetchSettings;
import io.akkacrawler.config.ProxySettings;
import io.akkacrawler.fetch.HttpResult.BodyMode;
import io.akkacrawler.url.UrlNormalizer;
import io.akkacrawler.warc.HttpExchange;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * Non-blocking HTTP GET with the crawler's rules: no automatic redirects, gzip/deflate asked for,
 * the user's headers and the crawl's cookies sent, a body size cap and a deadline over the whole
 * request (the JDK's request timeout only bounds the wait for the headers, so a body trickled byte
 * by byte would otherwise never end). The client speaks the configured HTTP version, goes through
 * the proxy the settings or this node's environment name, and checks certificates as the TLS
 * settings say. One instance serves a whole crawl; {@link #close()} stops its deadline timer. For a
 * crawl that keeps WARC files it also keeps each exchange as received ({@link
 * HttpResult#exchange()}).
 */
public final class HttpFetcher implements AutoCloseable {
  private static final String ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

  private final HttpClient client;
  private final FetchSettings settings;
  private final ProxySettings.Routes routes;
  private final String userCookie;
  private final ScheduledThreadPoolExecutor deadlines;
  private final boolean keepExchanges;
  private final ExecutorService clientPool;

  private static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * For a program's {@code main}, before anything uses {@link java.util.concurrent.ForkJoinPool}:
   * the JDK's HTTP client completes every {@code sendAsync} through {@code CompletableFuture}'s
   * default executor, which on fewer than three cores (a common pool of one thread) starts a new
   * thread per task, that is one thread started and torn down for every page fetched (a fifth of a
   * 1,169-page crawl's CPU on 2 cores). This gives the common pool two threads there, unless the
   * user chose its size.
   */
  public static void poolCompletions() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /** A fetcher whose proxy, when the settings name none, comes from this process's environment. */
  public HttpFetcher(FetchSettings settings) {
    this(settings, System.getenv(), false);
  }

  /**
   * @param keepExchanges keep every exchange whole (request headers, response headers, the body as
   *     received, error statuses' bodies included) for WARC files
   */
  public HttpFetcher(FetchSettings settings, boolean keepExchanges) {
    this(settings, System.getenv(), keepExchanges);
  }

  /**
   * A fetcher whose proxy, when the settings name none, comes from {@code env} ({@code http_proxy},
   * {@code https_proxy}, {@code no_proxy}).
   *
   * @throws io.akkacrawler.config.SettingsException when the environment's proxy is unusable
   */
  public HttpFetcher(FetchSettings settings, Map<String, String> env) {
    this(settings, env, false);
  }

  private HttpFetcher(FetchSettings settings, Map<String, String> env, boolean keepExchanges) {
    this.settings = settings;
    this.keepExchanges = keepExchanges;
    this.routes = settings.proxy().routes(env);
    this.userCookie =
        settings.headers().entrySet().stream()
            .filter(h -> h.getKey().equalsIgnoreCase("Cookie"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    HttpClient.Builder builder = HttpClient.newBuilder();
    // 0 threads: the client's selector thread runs its tasks itself, which spares two thread
    // hand-offs per response (on 2 cores 12% less CPU over 10,199 pages); N: a pool of N; auto
    // (-1): 0 on two cores or fewer, else the client's own pool.
    int threads = settings.clientThreads();
    if (threads < 0) {
      threads = Runtime.getRuntime().availableProcessors() <= 2 ? 0 : -1;
    }
    this.clientPool = clientPool(threads);
    if (threads == 0) {
      builder.executor(Runnable::run);
    } else if (clientPool != null) {
      builder.executor(clientPool);
    }
    this.client =
        builder
            .version(
                settings.httpVersion() == FetchSettings.HttpVersion.HTTP_1_1
                    ? HttpClient.Version.HTTP_1_1
                    : HttpClient.Version.HTTP_2)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout())
            .proxy(new Selector(routes))
            .sslContext(TlsContexts.of(settings.tls()))
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "crawler-request-deadlines");
              t.setDaemon(true);
              return t;
            });
    // Most requests finish long before their deadline: drop their cancelled timers at once.
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /**
   * Starts a GET of {@code url}. The future completes with the response, or exceptionally with the
   * I/O error, {@link java.net.http.HttpTimeoutException} or {@link RequestDeadlineException}.
   */
  public CompletableFuture<HttpResult> fetch(String url) {
    return fetch(url, null);
  }

  /** As {@link #fetch(String)}, with the crawl's {@code Cookie} header for the URL (or null). */
  public CompletableFuture<HttpResult> fetch(String url, String cookie) {
    return fetch(url, cookie, new BodyCollector(settings.maxBodyBytes(), false, keepExchanges));
  }

  /**
   * Like {@link #fetch(String)} for a document that is not a page (robots.txt, a sitemap): the body
   * is read whatever its type, up to {@code maxBytes}.
   */
  public CompletableFuture<HttpResult> fetchDocument(String url, long maxBytes) {
    return fetch(url, null, new BodyCollector(maxBytes, true, keepExchanges));
  }

  private CompletableFuture<HttpResult> fetch(String url, String cookie, BodyCollector collector) {
    long start = System.nanoTime();
    Instant date = Instant.now();
    HttpRequest request;
    try {
      request = request(UrlNormalizer.requestUri(url), cookie);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new BadUrlException(e));
    }
    CompletableFuture<HttpResult> result = new CompletableFuture<>();
    CompletableFuture<HttpResponse<BodyCollector.Body>> exchange;
    try {
      exchange = client.sendAsync(request, collector);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new BadUrlException(e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              // Completed first, so that the cancellation below cannot win with its own error.
              if (result.completeExceptionally(new RequestDeadlineException(collector.status()))) {
                collector.abort();
                exchange.cancel(true);
              }
            },
            settings.requestTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    exchange.whenComplete(
        (response, failure) -> {
          deadline.cancel(false);
          if (failure != null) {
            Throwable cause = unwrap(failure);
            int status = collector.status();
            result.completeExceptionally(
                status > 0 && cause instanceof IOException
                    ? new BrokenResponseException(status, cause)
                    : cause instanceof ConnectException && proxyOf(request) != null
                        ? new ProxyException(proxyOf(request), cause)
                        : cause);
          } else if (response.body() == null
              || (response.statusCode() == 407 && proxyOf(request) != null)) {
            // The proxy itself answered: the tunnel's CONNECT (no body was read), or a plain http
            // request (a 407: it wants credentials, or others than those given).
            result.completeExceptionally(
                new ProxyException(
                    proxyOf(request), response.statusCode(), response.body() == null));
          } else {
            try {
              result.complete(toResult(response, start, date, settings.cookies()));
            } catch (RuntimeException e) {
              result.completeExceptionally(e); // never a request that does not end
            }
          }
        });
    return result;
  }

  /** The proxy {@code request} goes through, or null (looked up when a failure names it). */
  private ProxySettings.Endpoint proxyOf(HttpRequest request) {
    return routes.forRequest(request.uri().getScheme(), request.uri().getHost());
  }

  private HttpRequest request(URI uri, String cookie) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("User-Agent", settings.userAgent())
            .header("Accept", ACCEPT)
            .header("Accept-Encoding", "gzip, deflate");
    settings.headers().forEach(b::setHeader);
    if (cookie != null) {
      // The user's own Cookie header (--header) goes first, the jar's after it.
      b.setHeader("Cookie", userCookie == null ? cookie : userCookie + "; " + cookie);
    }
    ProxySettings.Endpoint proxy = routes.forRequest(uri.getScheme(), uri.getHost());
    if (proxy != null && proxy.user() != null) {
      // Sent pre-emptively: to the proxy with a plain http request, in the CONNECT of an https one.
      String credentials = proxy.user() + ":" + proxy.password();
      b.setHeader(
          "Proxy-Authorization",
          "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8)));
    }
    if (settings.httpVersion() == FetchSettings.HttpVersion.AUTO
        && "http".equalsIgnoreCase(uri.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance for plain http
    }
    return b.GET().build();
  }

  /** The proxy of each request, as the routes say. */
  private static final class Selector extends ProxySelector {
    private final ProxySettings.Routes routes;

    Selector(ProxySettings.Routes routes) {
      this.routes = routes;
    }

    @Override
    public List<Proxy> select(URI uri) {
      ProxySettings.Endpoint p = routes.forRequest(uri.getScheme(), uri.getHost());
      return List.of(
          p == null
              ? Proxy.NO_PROXY
              : new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
  }

  private HttpResult toResult(
      HttpResponse<BodyCollector.Body> response, long start, Instant date, boolean cookies) {
    BodyCollector.Body body = response.body();
    var headers = response.headers();
    HttpExchange exchange = keepExchanges ? exchange(response, date) : null;
    // An error status's body is kept for the WARC file only: the record counts it as before.
    boolean kept = body.mode() != BodyMode.DISCARDED;
    return new HttpResult(
        response.statusCode(),
        HeaderValues.contentType(headers),
        headers.firstValue("content-encoding").orElse(null),
        headers.firstValue("location").map(HeaderValues::utf8).orElse(null),
        headers.firstValue("retry-after").orElse(null),
        contentLength(headers),
        kept ? body.bytes() : new byte[0],
        kept ? body.length() : 0,
        body.received(),
        kept ? body.truncated() : body.truncated() || body.length() > BodyCollector.DISCARD_CAP,
        body.mode(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        headers.allValues("x-robots-tag").isEmpty()
            ? null
            : String.join("\n", headers.allValues("x-robots-tag")),
        headers.firstValue("refresh").orElse(null),
        cookies ? headers.allValues("set-cookie") : List.of(),
        exchange);
  }

  /**
   * The exchange as the client saw it. The client does not tell the peer's address: it is looked up
   * again here, which the JVM answers from the cache of the client's own look-up a moment ago (an
   * IP literal needs no look-up); null if that fails.
   */
  private static HttpExchange exchange(HttpResponse<BodyCollector.Body> response, Instant date) {
    BodyCollector.Body body = response.body();
    URI uri = response.request().uri();
    Map<String, List<String>> sent = new LinkedHashMap<>(response.request().headers().map());
    WarcTruncationReason truncation =
        switch (body.mode()) {
          case NOT_HTML -> WarcTruncationReason.UNSPECIFIED;
          case TOO_LARGE -> WarcTruncationReason.LENGTH;
          default ->
              body.truncated() ? WarcTruncationReason.LENGTH : WarcTruncationReason.NOT_TRUNCATED;
        };
    return new HttpExchange(
        uri.toString(),
        date,
        addressOf(uri.getHost()),
        sent,
        response.statusCode(),
        response.headers().map(),
        body.bytes(),
        body.length(),
        truncation);
  }

  private static InetAddress addressOf(String host) {
    try {
      return host == null ? null : InetAddress.getByName(host);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static long contentLength(java.net.http.HttpHeaders headers) {
    try {
      return headers.firstValueAsLong("content-length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * A pool for the HTTP client's own tasks (reading responses, TLS work, handing bodies over) when
   * the settings ask for {@code threads} > 0; null otherwise.
   */
  private static ExecutorService clientPool(int threads) {
    if (threads <= 0) {
      return null;
    }
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "crawler-http-client-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    if (clientPool != null) {
      clientPool.shutdown();
    }
  }
}
