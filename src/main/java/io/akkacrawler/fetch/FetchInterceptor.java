package io.akkacrawler.fetch;

/**
 * A hook called by a fetcher before each request, for fault-injection tests: it may throw (the
 * fetcher crashes and is restarted) or answer {@link Action#DROP} (the job vanishes, as a message
 * lost with a crashed node would). Production crawls use {@link #NONE}.
 */
@FunctionalInterface
public interface FetchInterceptor {
  FetchInterceptor NONE = url -> Action.PROCEED;

  /** What the fetcher does with the request. */
  enum Action {
    PROCEED,
    DROP
  }

  Action beforeFetch(String url);
}
