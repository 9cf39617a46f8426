package io.akkacrawler.frontier;

import com.fasterxml.jackson.core.type.TypeReference;
import io.akkacrawler.cookies.Cookie;
import io.akkacrawler.cookies.CookieJar;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.StateJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The crawl's one cookie jar, in the frontier: what the responses set goes in, and each page
 * request takes the {@code Cookie} header the jar holds for its URL when it is dispatched (so a
 * worker on another node sends the same cookies). Kept in the store with the frontier, written at
 * each commit when it changed, and picked up again when the crawl resumes. Does nothing when
 * cookies are off. Plain class, owned by the frontier; times are wall-clock (cookies expire by the
 * calendar).
 */
final class CrawlCookies {
  private static final String META_COOKIES = "cookies";
  private static final TypeReference<List<Cookie>> LIST = new TypeReference<>() {};

  private final CookieJar jar;
  private final CrawlStore store;
  private final LongSupplier epochMs;

  /**
   * The jar as the store kept it (empty for a new crawl) with {@code initial} added; none when
   * {@code enabled} is false.
   */
  CrawlCookies(boolean enabled, List<Cookie> initial, CrawlStore store, LongSupplier epochMs) {
    this.store = store;
    this.epochMs = epochMs;
    if (!enabled) {
      this.jar = null;
      return;
    }
    long now = epochMs.getAsLong();
    byte[] saved = store.meta(META_COOKIES);
    try {
      this.jar =
          CookieJar.of(saved == null ? List.of() : StateJson.MAPPER.readValue(saved, LIST), now);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupted cookie jar in the crawl state", e);
    }
    initial.forEach(c -> jar.add(c, now));
  }

  /** The {@code Set-Cookie} headers of a response to {@code url}. */
  void received(String url, List<String> setCookies) {
    if (jar != null) {
      jar.receive(url, setCookies, epochMs.getAsLong());
    }
  }

  /** The {@code Cookie} header for a request to {@code url} now, or null. */
  String header(String url) {
    return jar == null ? null : jar.header(url, epochMs.getAsLong());
  }

  /** Puts the jar in the store's pending batch if it changed (the next commit writes it). */
  void save() {
    // Only a resumed crawl reads the jar back, from a store that is kept.
    if (jar != null && store.durable() && jar.takeChanged()) {
      try {
        store.putMeta(
            META_COOKIES, StateJson.MAPPER.writeValueAsBytes(jar.cookies(epochMs.getAsLong())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Cookies in the jar. */
  int size() {
    return jar == null ? 0 : jar.size();
  }
}
