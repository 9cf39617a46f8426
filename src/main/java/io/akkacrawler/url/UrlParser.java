package io.akkacrawler.url;

import static io.akkacrawler.url.PercentEncoding.FRAGMENT;
import static io.akkacrawler.url.PercentEncoding.PATH;
import static io.akkacrawler.url.PercentEncoding.QUERY;
import static io.akkacrawler.url.PercentEncoding.SPECIAL_QUERY;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The URL Standard's §4.4 basic URL parser (without state override, which only the setters use):
 * one instance per parse, a state machine over the input's chars.
 */
final class UrlParser {
  private static final int EOF = -1;

  private enum State {
    SCHEME_START,
    SCHEME,
    NO_SCHEME,
    SPECIAL_RELATIVE_OR_AUTHORITY,
    PATH_OR_AUTHORITY,
    RELATIVE,
    RELATIVE_SLASH,
    SPECIAL_AUTHORITY_SLASHES,
    SPECIAL_AUTHORITY_IGNORE_SLASHES,
    AUTHORITY,
    HOST,
    PORT,
    FILE,
    FILE_SLASH,
    FILE_HOST,
    PATH_START,
    PATH,
    OPAQUE_PATH,
    QUERY,
    FRAGMENT
  }

  private final String input;
  private final WhatwgUrl base;
  private final Charset queryEncoding; // the document's, for a link; null for UTF-8
  private final StringBuilder buffer = new StringBuilder(32);
  private int pointer;

  private final UrlRecord url;

  private UrlParser(String input, WhatwgUrl base, Charset queryEncoding) {
    this.input = input;
    this.base = base;
    this.queryEncoding = StandardCharsets.UTF_8.equals(queryEncoding) ? null : queryEncoding;
    this.url = new UrlRecord(input.length());
  }

  /**
   * The URL {@code input} denotes relative to {@code base} (may be null); null on failure. The
   * input must be preprocessed already ({@link WhatwgUrl#clean}, §4.4 steps 2 and 3). The query of
   * a special URL (http, https, ftp, file) is encoded in {@code queryEncoding} before it is
   * percent-encoded (null: UTF-8), as a document's links are parsed with the document's encoding.
   */
  static WhatwgUrl parse(String input, WhatwgUrl base, Charset queryEncoding) {
    UrlParser parser = new UrlParser(input, base, queryEncoding);
    return parser.run() ? parser.url.build() : null;
  }

  private int at(int i) {
    return i < input.length() ? input.charAt(i) : EOF;
  }

  /** The state machine; false on failure. */
  private boolean run() {
    State state = State.SCHEME_START;
    boolean atSignSeen = false;
    boolean insideBrackets = false;
    boolean passwordTokenSeen = false;
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
            url.scheme = buffer.toString();
            url.special = WhatwgUrl.defaultPort(url.scheme) != WhatwgUrl.NOT_SPECIAL;
            buffer.setLength(0);
            if (url.scheme.equals("file")) {
              state = State.FILE;
            } else if (url.special && base != null && base.scheme().equals(url.scheme)) {
              state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
            } else if (url.special) {
              state = State.SPECIAL_AUTHORITY_SLASHES;
            } else if (at(pointer + 1) == '/') {
              state = State.PATH_OR_AUTHORITY;
              pointer++;
            } else {
              url.opaquePath = true;
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
            url.copyOpaque(base);
            state = startFragment();
          } else {
            state = base.scheme().equals("file") ? State.FILE : State.RELATIVE;
            pointer--;
          }
        }
        case SPECIAL_RELATIVE_OR_AUTHORITY -> {
          if (c == '/' && at(pointer + 1) == '/') {
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
          url.scheme = base.scheme();
          url.special = base.isSpecial();
          if (c == '/' || (url.special && c == '\\')) {
            state = State.RELATIVE_SLASH;
          } else {
            url.copyAllButFragment(base);
            if (c == '?') {
              state = startQuery();
            } else if (c == '#') {
              state = startFragment();
            } else if (c != EOF) {
              url.query = null;
              url.path.shorten(url.scheme.equals("file"));
              state = State.PATH;
              pointer--;
            }
          }
        }
        case RELATIVE_SLASH -> {
          if (url.special && (c == '/' || c == '\\')) {
            state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          } else if (c == '/') {
            state = State.AUTHORITY;
          } else {
            url.copyAuthority(base);
            state = State.PATH;
            pointer--;
          }
        }
        case SPECIAL_AUTHORITY_SLASHES -> {
          state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          if (c == '/' && at(pointer + 1) == '/') {
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
            passwordTokenSeen = url.appendCredentials(buffer, passwordTokenSeen);
            buffer.setLength(0);
          } else if (endsAuthority(c)) {
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
          } else if (endsAuthority(c)) {
            pointer--;
            if ((url.special && buffer.length() == 0) || !parseHost()) {
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
          } else if (endsAuthority(c)) {
            if (!url.setPort(buffer)) {
              return false;
            }
            buffer.setLength(0);
            state = State.PATH_START;
            pointer--;
          } else {
            return false;
          }
        }
        case FILE -> {
          url.scheme = "file";
          url.special = true;
          url.host = "";
          if (c == '/' || c == '\\') {
            state = State.FILE_SLASH;
          } else if (base != null && base.scheme().equals("file")) {
            url.copyAllButFragment(base); // a file URL's authority is its host
            if (c == '?') {
              state = startQuery();
            } else if (c == '#') {
              state = startFragment();
            } else if (c != EOF) {
              url.query = null;
              if (!UrlPath.startsWithWindowsDriveLetter(input, pointer)) {
                url.path.shorten(true);
              } else {
                url.path.clear();
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
              url.host = base.host();
              if (!UrlPath.startsWithWindowsDriveLetter(input, pointer)
                  && UrlPath.startsWithNormalizedDriveLetter(base.path())) {
                url.path.copyDriveLetterOf(base.path());
              }
            }
            state = State.PATH;
            pointer--;
          }
        }
        case FILE_HOST -> {
          if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
            pointer--;
            if (UrlPath.isWindowsDriveLetter(buffer)) {
              state = State.PATH; // the drive letter quirk: buffer becomes the first segment
            } else if (buffer.length() == 0) {
              url.host = "";
              state = State.PATH_START;
            } else {
              if (!parseHost()) {
                return false;
              }
              if (url.host.equals("localhost")) {
                url.host = "";
              }
              state = State.PATH_START;
            }
          } else {
            buffer.append((char) c);
          }
        }
        case PATH_START -> {
          if (url.special) {
            state = State.PATH;
            if (c != '/' && c != '\\') {
              pointer--;
            }
          } else if (c == '?') {
            state = startQuery();
          } else if (c == '#') {
            state = startFragment();
          } else if (c != EOF) {
            state = State.PATH;
            if (c != '/') {
              pointer--;
            }
          }
        }
        case PATH -> {
          boolean slash = c == '/' || (url.special && c == '\\');
          if (c == EOF || slash || c == '?' || c == '#') {
            url.path.endSegment(buffer, slash, url.scheme.equals("file"));
            if (c == '?') {
              state = startQuery();
            } else if (c == '#') {
              state = startFragment();
            }
          } else {
            pointer = PercentEncoding.append(buffer, input, pointer, PATH);
          }
        }
        case OPAQUE_PATH -> {
          if (c == '?') {
            state = startQuery();
          } else if (c == '#') {
            state = startFragment();
          } else if (c == ' ') {
            int next = at(pointer + 1);
            url.path.chars().append(next == '?' || next == '#' ? "%20" : " ");
          } else if (c != EOF) {
            pointer = PercentEncoding.append(url.path.chars(), input, pointer, PercentEncoding.C0);
          }
        }
        case QUERY -> {
          if (c == '#') {
            state = startFragment();
          } else if (c != EOF) {
            int set = url.special ? SPECIAL_QUERY : QUERY;
            if (queryEncoding != null && url.special && !url.scheme.startsWith("ws")) {
              pointer =
                  PercentEncoding.appendEncoded(url.query, input, pointer, set, queryEncoding);
            } else {
              pointer = PercentEncoding.append(url.query, input, pointer, set);
            }
          }
        }
        case FRAGMENT -> {
          if (c != EOF) {
            pointer = PercentEncoding.append(url.fragment, input, pointer, FRAGMENT);
          }
        }
      }
      if (pointer >= input.length()) {
        return true;
      }
    }
  }

  private State startQuery() {
    url.query = new StringBuilder();
    return State.QUERY;
  }

  private State startFragment() {
    url.fragment = new StringBuilder();
    return State.FRAGMENT;
  }

  /** Whether {@code c} ends the authority, host or port: EOF, '/', '?', '#' or a special '\'. */
  private boolean endsAuthority(int c) {
    return c == EOF || c == '/' || c == '?' || c == '#' || (url.special && c == '\\');
  }

  private boolean parseHost() {
    url.host = HostParser.parse(buffer.toString(), !url.special);
    buffer.setLength(0);
    return url.host != null;
  }

  private static boolean isAsciiAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static char toLower(int c) {
    return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
}
