package io.akkacrawler.url;

/**
 * Finds the path of a spider trap: a run of segments repeated back to back ({@code /a/a/a/}, {@code
 * /docs/x/y/x/y/x/y/}). A page served at any path below its own (a soft 404, a catch-all route)
 * with a relative link ({@code href="x/y/"}) leads to {@code .../x/y/x/y/}, then to {@code
 * .../x/y/x/y/x/y/}, without end; every one of those URLs is new to the seen set. Heritrix rejects
 * the same shape ({@code PathologicalPathDecideRule}, a segment repeated back to back), and Nutch's
 * default URL filter a segment three times with one between; a segment that recurs apart from its
 * repeats ({@code /tree/main/src/main/}) is not one.
 */
public final class PathRepeats {
  /** The longest run of segments looked for: a relative link's path is rarely longer. */
  static final int MAX_RUN = 8;

  private PathRepeats() {}

  /**
   * Whether some run of 1 to {@value #MAX_RUN} segments of the normalized URL's path comes more
   * than {@code maxRepeats} times back to back; {@code maxRepeats} 0 never finds one.
   */
  public static boolean exceed(String url, int maxRepeats) {
    if (maxRepeats <= 0) {
      return false;
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int pathStart = UrlStrings.authorityEnd(url, scheme + 3);
    int pathEnd = pathEnd(url, pathStart);
    int segments = 0;
    for (int i = pathStart; i < pathEnd; i++) {
      if (url.charAt(i) == '/') {
        segments++;
      }
    }
    if (segments < maxRepeats + 1) {
      return false;
    }
    // Segment i is url[starts[i], starts[i + 1] - 1): each starts after a '/'.
    int[] starts = new int[segments + 1];
    int n = 0;
    for (int i = pathStart; i < pathEnd; i++) {
      if (url.charAt(i) == '/') {
        starts[n++] = i + 1;
      }
    }
    starts[segments] = pathEnd + 1;
    for (int run = 1; run <= MAX_RUN && (maxRepeats + 1L) * run <= segments; run++) {
      // A run repeated r times back to back is (r - 1) * run segments each equal to the one
      // `run` further on.
      long needed = (long) maxRepeats * run;
      int equal = 0;
      for (int i = 0; i + run < segments; i++) {
        if (sameSegment(url, starts, i, i + run)) {
          if (++equal >= needed) {
            return true;
          }
        } else {
          equal = 0;
        }
      }
    }
    return false;
  }

  private static boolean sameSegment(String url, int[] starts, int a, int b) {
    int length = starts[a + 1] - starts[a];
    return length == starts[b + 1] - starts[b]
        && url.regionMatches(starts[a], url, starts[b], length - 1);
  }

  private static int pathEnd(String url, int pathStart) {
    for (int i = pathStart; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }
}
