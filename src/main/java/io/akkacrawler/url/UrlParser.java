package io.akkacrawler.url;

import static io.akkacrawler.url.PercentEncoding.FRAGMENT;
import static io.akkacrawler.url.PercentEncoding.PATH;
import static io.akkacrawler.url.PercentEncoding.QUERY;
import static io.akkacrawler.url.PercentEncoding.SPECIAL_QUERY;
import static io.akkacrawler.url.PercentEncoding.USERINFO;

/**
 * The URL Standard's §4.4 basic URL parser (without state override, which only the setters use):
 * one instance per parse, a state machine over the input's chars.
 */
final class UrlParser {
  static final int NOT_SPECIAL = -2;
  private static final int EOF = -1;

  private enum State {
    SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE,
    RELATIVE_SLASH, SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST,
    PORT, FILE, FILE_SLASH, FILE_HOST, PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
  }

  private final String input;
  private final WhatwgUrl base;
  private final StringBuilder buffer = new StringBuilder(32);
  private int pointer;

  private String scheme = "";
  private boolean special;
  private String username = "";
  private String password = "";
  private String host;
  private int port = -1;
  private final StringBuilder path;
  private int segments;
  private boolean opaquePath;
  private StringBuilder query;
  private StringBuilder fragment;

  private UrlParser(String input, WhatwgUrl base) {
    this.input = input;
    this.base = base;
    this.path = new StringBuilder(input.length() + 16);
  }

  /** The URL {@code input} denotes relative to {@code base} (may be null); null on failure. */
  static WhatwgUrl parse(String input, WhatwgUrl base) {
    UrlParser parser = new UrlParser(clean(input), base);
    return parser.run() ? parser.build() : null;
  }

  /**
   * §4.4 steps 2 and 3: strips leading and trailing C0 controls and spaces and removes every tab
   * and newline; returns {@code s} itself in the common case where there is nothing to remove.
   */
  static String clean(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) <= ' ') {
      end--;
    }
    int i = start;
    while (i < end && s.charAt(i) != '\t' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
      i++;
    }
    if (i == end) {
      return start == 0 && end == s.length() ? s : s.substring(start, end);
    }
    StringBuilder out = new StringBuilder(end - start).append(s, start, i);
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c != '\t' && c != '\n' && c != '\r') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A special scheme's default port, -1 for file, {@link #NOT_SPECIAL} for the others. */
  static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      case "ftp" -> 21;
      case "file" -> -1;
      default -> NOT_SPECIAL;
    };
  }

  private WhatwgUrl build() {
    return new WhatwgUrl(
        scheme,
        username,
        password,
        host,
        port,
        path.toString(),
        opaquePath,
        query == null ? null : query.toString(),
        fragment == null ? null : fragment.toString());
  }

  private int at(int i) {
    return i < input.length() ? input.charAt(i) : EOF;
  }

  private boolean remainingStartsWith(char c) {
    return at(pointer + 1) == c;
  }

  /** The state machine; false on failure. */
  private boolean run() {
    State state = State.SCHEME_START;
    boolean atSignSeen = false;
    boolean insideBrackets = false;
    boolean passwordTokenSeen = false;
    int n = input.length();
    for (pointer = 0; ; pointer++) {
      int c = at(pointer);
      switch (state) {
        case SCHEME_START -> {
          if (isAsciiAlpha(c)) {
            buffer.append(toLower(c));
            state = State.SCHEME;
          } else {
            state = State.NO_SCHEME;
            pointer--;
          }
        }
        case SCHEME -> {
          if (isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            buffer.append(toLower(c));
          } else if (c == ':') {
            scheme = buffer.toString();
            special = defaultPort(scheme) != NOT_SPECIAL;
            buffer.setLength(0);
            if (scheme.equals("file")) {
              state = State.FILE;
            } else if (special && base != null && base.scheme().equals(scheme)) {
              state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
            } else if (special) {
              state = State.SPECIAL_AUTHORITY_SLASHES;
            } else if (remainingStartsWith('/')) {
              state = State.PATH_OR_AUTHORITY;
              pointer++;
            } else {
              opaquePath = true;
              state = State.OPAQUE_PATH;
            }
          } else {
            buffer.setLength(0);
            state = State.NO_SCHEME;
            pointer = -1; // start over from the first code point
          }
        }
        case NO_SCHEME -> {
          if (base == null || (base.hasOpaquePath() && c != '#')) {
            return false;
          } else if (base.hasOpaquePath()) {
            scheme = base.scheme();
            special = base.isSpecial();
            path.append(base.path());
            opaquePath = true;
            query = copy(base.query());
            fragment = new StringBuilder();
            state = State.FRAGMENT;
          } else {
            state = base.scheme().equals("file") ? State.FILE : State.RELATIVE;
            pointer--;
          }
        }
        case SPECIAL_RELATIVE_OR_AUTHORITY -> {
          if (c == '/' && remainingStartsWith('/')) {
            state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
            pointer++;
          } else {
            state = State.RELATIVE;
            pointer--;
          }
        }
        case PATH_OR_AUTHORITY -> {
          if (c == '/') {
            state = State.AUTHORITY;
          } else {
            state = State.PATH;
            pointer--;
          }
        }
        case RELATIVE -> {
          scheme = base.scheme();
          special = base.isSpecial();
          if (c == '/' || (special && c == '\\')) {
            state = State.RELATIVE_SLASH;
          } else {
            copyBaseAuthority();
            path.append(base.path());
            segments = countSegments(base.path());
            query = copy(base.query());
            if (c == '?') {
              query = new StringBuilder();
              state = State.QUERY;
            } else if (c == '#') {
              fragment = new StringBuilder();
              state = State.FRAGMENT;
            } else if (c != EOF) {
              query = null;
              shortenPath();
              state = State.PATH;
              pointer--;
            }
          }
        }
        case RELATIVE_SLASH -> {
          if (special && (c == '/' || c == '\\')) {
            state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          } else if (c == '/') {
            state = State.AUTHORITY;
          } else {
            copyBaseAuthority();
            state = State.PATH;
            pointer--;
          }
        }
        case SPECIAL_AUTHORITY_SLASHES -> {
          state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          if (c == '/' && remainingStartsWith('/')) {
            pointer++;
          } else {
            pointer--;
          }
        }
        case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
          if (c != '/' && c != '\\') {
            state = State.AUTHORITY;
            pointer--;
          }
        }
        case AUTHORITY -> {
          if (c == '@') {
            if (atSignSeen) {
              buffer.insert(0, "%40");
            }
            atSignSeen = true;
            passwordTokenSeen = appendCredentials(passwordTokenSeen);
            buffer.setLength(0);
          } else if (c == EOF || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
            if (atSignSeen && buffer.length() == 0) {
              return false;
            }
            pointer -= buffer.length() + 1;
            buffer.setLength(0);
            state = State.HOST;
          } else {
            buffer.append((char) c);
          }
        }
        case HOST -> {
          if (c == ':' && !insideBrackets) {
            if (buffer.length() == 0 || !parseHost()) {
              return false;
            }
            state = State.PORT;
          } else if (c == EOF || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
            pointer--;
            if ((special && buffer.length() == 0) || !parseHost()) {
              return false;
            }
            state = State.PATH_START;
          } else {
            if (c == '[') {
              insideBrackets = true;
            } else if (c == ']') {
              insideBrackets = false;
            }
            buffer.append((char) c);
          }
        }
        case PORT -> {
          if (c >= '0' && c <= '9') {
            buffer.append((char) c);
          } else if (c == EOF || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
            if (buffer.length() > 0) {
              int value = 0;
              for (int i = 0; i < buffer.length(); i++) {
                value = value * 10 + buffer.charAt(i) - '0';
                if (value > 65_535) {
                  return false;
                }
              }
              port = value == defaultPort(scheme) ? -1 : value;
              buffer.setLength(0);
            }
            state = State.PATH_START;
            pointer--;
          } else {
            return false;
          }
        }
        case FILE -> {
          scheme = "file";
          special = true;
          host = "";
          if (c == '/' || c == '\\') {
            state = State.FILE_SLASH;
          } else if (base != null && base.scheme().equals("file")) {
            host = base.host();
            path.append(base.path());
            segments = countSegments(base.path());
            query = copy(base.query());
            if (c == '?') {
              query = new StringBuilder();
              state = State.QUERY;
            } else if (c == '#') {
              fragment = new StringBuilder();
              state = State.FRAGMENT;
            } else if (c != EOF) {
              query = null;
              if (!startsWithWindowsDriveLetter(pointer)) {
                shortenPath();
              } else {
                path.setLength(0);
                segments = 0;
              }
              state = State.PATH;
              pointer--;
            }
          } else {
            state = State.PATH;
            pointer--;
          }
        }
        case FILE_SLASH -> {
          if (c == '/' || c == '\\') {
            state = State.FILE_HOST;
          } else {
            if (base != null && base.scheme().equals("file")) {
              host = base.host();
              if (!startsWithWindowsDriveLetter(pointer)
                  && isNormalizedDriveLetterSegment(base.path(), countSegments(base.path()) > 0)) {
                path.append(base.path(), 0, 3);
                segments = 1;
              }
            }
            state = State.PATH;
            pointer--;
          }
        }
        case FILE_HOST -> {
          if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
            pointer--;
            if (buffer.length() == 2 && isWindowsDriveLetter(buffer, 0, false)) {
              state = State.PATH; // the drive letter quirk: buffer becomes the first segment
            } else if (buffer.length() == 0) {
              host = "";
              state = State.PATH_START;
            } else {
              if (!parseHost()) {
                return false;
              }
              if (host.equals("localhost")) {
                host = "";
              }
              state = State.PATH_START;
            }
          } else {
            buffer.append((char) c);
          }
        }
        case PATH_START -> {
          if (special) {
            state = State.PATH;
            if (c != '/' && c != '\\') {
              pointer--;
            }
          } else if (c == '?') {
            query = new StringBuilder();
            state = State.QUERY;
          } else if (c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
          } else if (c != EOF) {
            state = State.PATH;
            if (c != '/') {
              pointer--;
            }
          }
        }
        case PATH -> {
          boolean slash = c == '/' || (special && c == '\\');
          if (c == EOF || slash || c == '?' || c == '#') {
            endSegment(slash);
            if (c == '?') {
              query = new StringBuilder();
              state = State.QUERY;
            } else if (c == '#') {
              fragment = new StringBuilder();
              state = State.FRAGMENT;
            }
          } else {
            pointer = PercentEncoding.append(buffer, input, pointer, PATH);
          }
        }
        case OPAQUE_PATH -> {
          if (c == '?') {
            query = new StringBuilder();
            state = State.QUERY;
          } else if (c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
          } else if (c == ' ') {
            int next = at(pointer + 1);
            path.append(next == '?' || next == '#' ? "%20" : " ");
          } else if (c != EOF) {
            pointer = PercentEncoding.append(path, input, pointer, PercentEncoding.C0);
          }
        }
        case QUERY -> {
          if (c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
          } else if (c != EOF) {
            pointer = PercentEncoding.append(query, input, pointer, special ? SPECIAL_QUERY : QUERY);
          }
        }
        case FRAGMENT -> {
          if (c != EOF) {
            pointer = PercentEncoding.append(fragment, input, pointer, FRAGMENT);
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
      if (pointer >= n) {
        return true;
      }
    }
  }

  /** The authority state's '@' step: buffer split at its first ':' into encoded credentials. */
  private boolean appendCredentials(boolean passwordTokenSeen) {
    StringBuilder user = new StringBuilder(username);
    StringBuilder pass = new StringBuilder(password);
    String credentials = buffer.toString();
    for (int i = 0; i < credentials.length(); i++) {
      if (credentials.charAt(i) == ':' && !passwordTokenSeen) {
        passwordTokenSeen = true;
        continue;
      }
      i = PercentEncoding.append(passwordTokenSeen ? pass : user, credentials, i, USERINFO);
    }
    username = user.toString();
    password = pass.toString();
    return passwordTokenSeen;
  }

  private boolean parseHost() {
    host = HostParser.parse(buffer.toString(), !special);
    buffer.setLength(0);
    return host != null;
  }

  /** The path state's end of a segment: dot segments, the drive letter quirk, appending. */
  private void endSegment(boolean slash) {
    if (isDoubleDot()) {
      shortenPath();
      if (!slash) {
        appendSegment("");
      }
    } else if (isSingleDot()) {
      if (!slash) {
        appendSegment("");
      }
    } else {
      if (scheme.equals("file")
          && segments == 0
          && buffer.length() == 2
          && isWindowsDriveLetter(buffer, 0, false)) {
        buffer.setCharAt(1, ':');
      }
      path.append('/').append(buffer);
      segments++;
    }
    buffer.setLength(0);
  }

  private void appendSegment(String segment) {
    path.append('/').append(segment);
    segments++;
  }

  /** §4.1 shorten a URL's path. */
  private void shortenPath() {
    if (scheme.equals("file") && segments == 1 && isNormalizedDriveLetterSegment(path, true)) {
      return;
    }
    if (segments > 0) {
      path.setLength(path.lastIndexOf("/"));
      segments--;
    }
  }

  private void copyBaseAuthority() {
    username = base.username();
    password = base.password();
    host = base.host();
    port = base.port();
  }

  private boolean isSingleDot() {
    int len = buffer.length();
    return (len == 1 && buffer.charAt(0) == '.') || (len == 3 && isPercent2e(0));
  }

  private boolean isDoubleDot() {
    int len = buffer.length();
    if (len == 2) {
      return buffer.charAt(0) == '.' && buffer.charAt(1) == '.';
    } else if (len == 4) {
      return (buffer.charAt(0) == '.' && isPercent2e(1))
          || (isPercent2e(0) && buffer.charAt(3) == '.');
    }
    return len == 6 && isPercent2e(0) && isPercent2e(3);
  }

  private boolean isPercent2e(int i) {
    return buffer.charAt(i) == '%'
        && buffer.charAt(i + 1) == '2'
        && (buffer.charAt(i + 2) == 'e' || buffer.charAt(i + 2) == 'E');
  }

  /** §4.3 "starts with a Windows drive letter", for the input from {@code i}. */
  private boolean startsWithWindowsDriveLetter(int i) {
    if (input.length() - i < 2 || !isWindowsDriveLetter(input, i, false)) {
      return false;
    }
    int third = at(i + 2);
    return third == EOF || third == '/' || third == '\\' || third == '?' || third == '#';
  }

  /** Whether a path starting "/X:" has a normalized Windows drive letter as first segment. */
  private static boolean isNormalizedDriveLetterSegment(CharSequence path, boolean nonEmpty) {
    return nonEmpty
        && path.length() >= 3
        && isWindowsDriveLetter(path, 1, true)
        && (path.length() == 3 || path.charAt(3) == '/');
  }

  private static boolean isWindowsDriveLetter(CharSequence s, int i, boolean normalized) {
    char second = s.charAt(i + 1);
    return isAsciiAlpha(s.charAt(i)) && (second == ':' || (!normalized && second == '|'));
  }

  private static int countSegments(String path) {
    int count = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    return count;
  }

  private static StringBuilder copy(String s) {
    return s == null ? null : new StringBuilder(s);
  }

  private static boolean isAsciiAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static char toLower(int c) {
    return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
}
