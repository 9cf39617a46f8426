package io.akkacrawler.fetch;

import io.akkacrawler.job.FetchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the echoes of a catch-all route. A server that answers every path below a page with that
 * page (a soft 404, a single-page app's shell) turns its relative links into endless URLs: {@code
 * /docs/} links {@code p/} and {@code x/y/}, then {@code /docs/p/} links {@code /docs/p/p/} and
 * {@code /docs/p/x/y/}, and so on, each URL new to the seen set, combinations that {@link
 * io.akkacrawler.url.PathRepeats} does not catch. An echo is a page with the size, the title and
 * the links (taken relative to its own directory) of a page met before in a directory above its
 * own, and with links below its own directory: its record is written, its links are not followed. A
 * page that only links within its directory or elsewhere (a redirect stub repeated in many
 * directories) is not one.
 *
 * <p>One per fetcher actor, in its state, around the pool's {@link PageProcessor}: it remembers the
 * last {@value #REMEMBERED} pages it processed. A trap's echoes reach every fetcher, so each stops
 * it after a level or two.
 */
final class EchoPages {
  static final int REMEMBERED = 4096;

  /** Most directories remembered per page signature: none of them below another. */
  static final int DIRECTORIES = 8;

  private final PageProcessor processor;
  private final boolean enabled;

  /** The directories each page signature was met in, least recently used first. */
  private final Map<Long, List<String>> directories =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<String>> eldest) {
          return size() > REMEMBERED;
        }
      };

  EchoPages(PageProcessor processor, boolean enabled) {
    this.processor = processor;
    this.enabled = enabled;
  }

  /** {@link PageProcessor#process}, then {@link #check}. */
  FetchResult process(String url, int depth, HttpResult response) {
    return check(url, processor.process(url, depth, response));
  }

  /** {@code result} for {@code url}, without its links to follow when the page is an echo. */
  FetchResult check(String url, FetchResult result) {
    if (!enabled
        || !(result instanceof FetchResult.Fetched fetched)
        || fetched.page() == null
        || fetched.follow().isEmpty()) {
      return result;
    }
    String directory = directory(url);
    List<String> met =
        directories.computeIfAbsent(signature(fetched, directory), s -> new ArrayList<>(1));
    for (String earlier : met) {
      if (directory.startsWith(earlier)) {
        // The same page above (an echo) or in the same directory (another name of it).
        boolean echo =
            directory.length() > earlier.length() && linksBelow(fetched.follow(), directory);
        return echo
            ? new FetchResult.Fetched(fetched.response(), fetched.page(), List.of())
            : result;
      }
    }
    // Met for the first time here or in a directory beside the others: remembered, shortest first.
    met.removeIf(d -> d.startsWith(directory));
    met.add(directory);
    met.sort(Comparator.comparingInt(String::length));
    if (met.size() > DIRECTORIES) {
      met.remove(met.size() - 1);
    }
    return result;
  }

  /** The URL up to the last '/' of its path. */
  static String directory(String url) {
    int end = url.length();
    for (int i = url.indexOf("://") + 3; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return url.substring(0, url.lastIndexOf('/', end - 1) + 1);
  }

  private static long signature(FetchResult.Fetched fetched, String directory) {
    long h = fetched.response().bytes();
    h = h * 1_000_003 + String.valueOf(fetched.page().title()).hashCode();
    for (String link : fetched.page().links()) {
      int from = link.startsWith(directory) ? directory.length() : 0;
      long k = 17;
      for (int i = from; i < link.length(); i++) {
        k = k * 31 + link.charAt(i);
      }
      h = h * 1_000_003 + k;
    }
    return h;
  }

  /** Whether one of the links is in a directory below {@code directory}. */
  private static boolean linksBelow(List<String> links, String directory) {
    for (String link : links) {
      int slash = link.startsWith(directory) ? link.indexOf('/', directory.length()) : -1;
      int query = link.indexOf('?', directory.length());
      if (slash >= 0 && (query < 0 || slash < query)) {
        return true;
      }
    }
    return false;
  }
}
