package io.akkacrawler.url;

/**
 * A URL's path while it is parsed: the serialized segments ("/a/b", "" for none) and their count,
 * with §4.1's shortening and §4.4 path state's segment rules, including the Windows drive letter
 * quirks of file URLs (§4.3).
 */
final class UrlPath {
  private final StringBuilder chars;
  private int segments;

  UrlPath(int capacity) {
    chars = new StringBuilder(capacity);
  }

  /** The characters themselves, also the builder of an opaque path. */
  StringBuilder chars() {
    return chars;
  }

  /** Replaces this path with a copy of a parsed URL's (non-opaque) path. */
  void copy(String path) {
    chars.setLength(0);
    chars.append(path);
    segments = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        segments++;
      }
    }
  }

  void clear() {
    chars.setLength(0);
    segments = 0;
  }

  /** The file slash state's step: keeps only the base's first segment, a drive letter. */
  void copyDriveLetterOf(String basePath) {
    clear();
    chars.append(basePath, 0, 3);
    segments = 1;
  }

  /** §4.1 shorten a URL's path: drop the last segment, except a file URL's lone drive letter. */
  void shorten(boolean file) {
    if (file && segments == 1 && startsWithNormalizedDriveLetter(chars)) {
      return;
    }
    if (segments > 0) {
      chars.setLength(chars.lastIndexOf("/"));
      segments--;
    }
  }

  /**
   * The path state's end of a segment held (percent-encoded) in {@code buffer}, which it clears:
   * dot segments, the drive letter quirk, appending. {@code slash} when a '/' (or special '\')
   * ended it.
   */
  void endSegment(StringBuilder buffer, boolean slash, boolean file) {
    if (isDoubleDot(buffer)) {
      shorten(file);
      if (!slash) {
        append("");
      }
    } else if (isSingleDot(buffer)) {
      if (!slash) {
        append("");
      }
    } else {
      if (file && segments == 0 && isWindowsDriveLetter(buffer)) {
        buffer.setCharAt(1, ':');
      }
      chars.append('/').append(buffer);
      segments++;
    }
    buffer.setLength(0);
  }

  private void append(String segment) {
    chars.append('/').append(segment);
    segments++;
  }

  private static boolean isSingleDot(StringBuilder s) {
    int len = s.length();
    return (len == 1 && s.charAt(0) == '.') || (len == 3 && isPercent2e(s, 0));
  }

  private static boolean isDoubleDot(StringBuilder s) {
    int len = s.length();
    if (len == 2) {
      return s.charAt(0) == '.' && s.charAt(1) == '.';
    } else if (len == 4) {
      return (s.charAt(0) == '.' && isPercent2e(s, 1)) || (isPercent2e(s, 0) && s.charAt(3) == '.');
    }
    return len == 6 && isPercent2e(s, 0) && isPercent2e(s, 3);
  }

  private static boolean isPercent2e(StringBuilder s, int i) {
    return s.charAt(i) == '%'
        && s.charAt(i + 1) == '2'
        && (s.charAt(i + 2) == 'e' || s.charAt(i + 2) == 'E');
  }

  /** §4.3 Windows drive letter: an ASCII letter then ':' or '|', and nothing else. */
  static boolean isWindowsDriveLetter(CharSequence s) {
    return s.length() == 2 && isDriveLetter(s, 0, false);
  }

  /** §4.3 "starts with a Windows drive letter", for {@code s} from index {@code i}. */
  static boolean startsWithWindowsDriveLetter(String s, int i) {
    if (s.length() - i < 2 || !isDriveLetter(s, i, false)) {
      return false;
    }
    if (s.length() - i == 2) {
      return true;
    }
    char third = s.charAt(i + 2);
    return third == '/' || third == '\\' || third == '?' || third == '#';
  }

  /** Whether a serialized path's first segment is a normalized Windows drive letter ("/C:"). */
  static boolean startsWithNormalizedDriveLetter(CharSequence path) {
    return path.length() >= 3
        && path.charAt(0) == '/'
        && isDriveLetter(path, 1, true)
        && (path.length() == 3 || path.charAt(3) == '/');
  }

  private static boolean isDriveLetter(CharSequence s, int i, boolean normalized) {
    char letter = s.charAt(i);
    char second = s.charAt(i + 1);
    return ((letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z'))
        && (second == ':' || (!normalized && second == '|'));
  }

  @Override
  public String toString() {
    return chars.toString();
  }
}
