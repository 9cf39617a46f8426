package io.akkacrawler.fetch;

import io.akkacrawler.fetch.HttpResult.BodyMode;
import io.akkacrawler.parse.ContentTypes;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Body handler and subscriber for one request: decides from the status and headers whether the body
 * is worth reading, reads it into one array up to a cap, and can be aborted from another thread
 * when the whole-request deadline passes.
 */
final class BodyCollector implements HttpResponse.BodyHandler<BodyCollector.Body> {
  /** Bytes read from an error response before the connection is dropped instead. */
  static final int DISCARD_CAP = 64 * 1024;

  private static final int INITIAL_CAPACITY = 16 * 1024;
  private static final long MAX_PREALLOCATION = 1024 * 1024;

  /** The body as read: {@code bytes[0, length)}. */
  /**
   * What was read of a body: {@code bytes[0, length)} as kept ({@code length} 0 when it was not),
   * {@code received} the bytes that came off the wire, kept or not.
   */
  record Body(byte[] bytes, int length, boolean truncated, BodyMode mode, long received) {}

  private final long maxBody;
  private final boolean anyType;
  private final boolean keepErrors;
  private volatile Subscriber subscriber;
  private volatile boolean aborted;
  private volatile int status;

  /**
   * @param maxBody bytes read at most
   * @param anyType read bodies of every Content-Type (robots.txt, sitemaps), not only HTML, and
   *     read the start of one that is larger than the cap instead of skipping it
   * @param keepErrors keep the body of a response that is not a 2xx (up to {@code maxBody}) rather
   *     than drop it after a few KiB: a WARC file holds it
   */
  BodyCollector(long maxBody, boolean anyType, boolean keepErrors) {
    this.maxBody = maxBody;
    this.anyType = anyType;
    this.keepErrors = keepErrors;
  }

  @Override
  public HttpResponse.BodySubscriber<Body> apply(HttpResponse.ResponseInfo info) {
    int status = info.statusCode();
    this.status = status;
    long declared;
    try {
      declared = info.headers().firstValueAsLong("content-length").orElse(-1);
    } catch (NumberFormatException e) {
      declared = -1;
    }
    BodyMode mode;
    if (status < 200 || status > 299) {
      mode = BodyMode.DISCARDED;
    } else {
      String contentType = HeaderValues.contentType(info.headers());
      if (!anyType && !ContentTypes.isUndefined(contentType) && !ContentTypes.isHtml(contentType)) {
        mode = BodyMode.NOT_HTML;
      } else if (declared > maxBody && !anyType) {
        mode = BodyMode.TOO_LARGE;
      } else {
        mode = BodyMode.KEPT;
      }
    }
    long cap = mode == BodyMode.DISCARDED && !keepErrors ? DISCARD_CAP : maxBody;
    Subscriber s = new Subscriber(mode, cap, declared, mode == BodyMode.DISCARDED && keepErrors);
    subscriber = s;
    if (aborted) {
      s.abort();
    }
    return s;
  }

  /** The status of the response once its headers came; 0 before. */
  int status() {
    return status;
  }

  /** Stops reading: the connection is closed and the body future fails. Safe from any thread. */
  void abort() {
    aborted = true;
    Subscriber s = subscriber;
    if (s != null) {
      s.abort();
    }
  }

  /** Collects the byte buffers of one response; called by the HTTP client's threads, in order. */
  private static final class Subscriber implements HttpResponse.BodySubscriber<Body> {
    private final BodyMode mode;
    private final long cap;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private byte[] buffer;
    private int length;

    Subscriber(BodyMode mode, long cap, long declared, boolean keepDiscarded) {
      this.mode = mode;
      this.cap = cap;
      boolean keep = mode == BodyMode.KEPT || keepDiscarded;
      // A declared length sizes the buffer, but only up to a limit: the header may lie.
      int initial = declared >= 0 ? (int) Math.min(declared, MAX_PREALLOCATION) : INITIAL_CAPACITY;
      this.buffer = keep ? new byte[Math.max(initial, 0)] : null;
    }

    @Override
    public CompletionStage<Body> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (mode == BodyMode.NOT_HTML || mode == BodyMode.TOO_LARGE) {
        // Not wanted: dropping the connection is cheaper than draining a large file.
        s.cancel();
        result.complete(new Body(new byte[0], 0, false, mode, 0));
      } else if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        int n = item.remaining();
        long room = cap - length;
        if (n > room) {
          append(item, (int) room);
          subscription.cancel();
          result.complete(body(true));
          return;
        }
        append(item, n);
      }
    }

    private void append(ByteBuffer item, int n) {
      if (buffer != null) {
        if (length + n > buffer.length) {
          long grown = Math.max((long) buffer.length * 2, (long) length + n);
          buffer = Arrays.copyOf(buffer, (int) Math.min(grown, Math.max(cap, length + n)));
        }
        item.get(buffer, length, n);
      } else {
        item.position(item.position() + n);
      }
      length += n;
    }

    private Body body(boolean truncated) {
      byte[] bytes = buffer == null ? new byte[0] : buffer;
      return new Body(bytes, buffer == null ? 0 : length, truncated, mode, length);
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(body(false));
    }

    void abort() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new RequestDeadlineException());
    }
  }
}
