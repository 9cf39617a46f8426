package io.akkacrawler.parse;

/**
 * Reads Content-Type headers and sniffs bodies that come without one, to decide which responses the
 * page parser gets and in which charset.
 */
public final class ContentTypes {
  /** How far into the body HTML sniffing looks for the first tag, as in WHATWG MIME sniffing. */
  private static final int SNIFF_LIMIT = 1024;

  /**
   * The WHATWG "HTML" sniffing patterns, lower-case. All but the comment must be followed by a
   * tag-terminating character so that e.g. "<pre" is not taken for "<p".
   */
  private static final String[] TAG_PATTERNS = {
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p"
  };

  private static final String COMMENT_PATTERN = "<!--";

  private ContentTypes() {}

  /**
   * Whether the header gives no usable type, so that a browser sniffs the body (WHATWG MIME
   * sniffing: no header, an empty or unparsable one, {@code unknown/unknown}, {@code
   * application/unknown}, {@code *}{@code /*}).
   */
  public static boolean isUndefined(String contentTypeHeader) {
    String type = mediaType(contentTypeHeader);
    return type.indexOf('/') <= 0
        || type.endsWith("/")
        || type.equalsIgnoreCase("unknown/unknown")
        || type.equalsIgnoreCase("application/unknown")
        || type.equals("*/*");
  }

  /** Whether the header names an HTML media type: text/html or application/xhtml+xml. */
  public static boolean isHtml(String contentTypeHeader) {
    String type = mediaType(contentTypeHeader);
    return type.equalsIgnoreCase("text/html") || type.equalsIgnoreCase("application/xhtml+xml");
  }

  /** A Content-Type's type ("text/html", or "" for none) and charset parameter (or null). */
  private record MimeType(String essence, String charset) {}

  private static final MimeType NONE = new MimeType("", null);

  /** The header's type without its parameters ("text/html"), "" for no header. */
  private static String mediaType(String contentTypeHeader) {
    return extract(contentTypeHeader).essence();
  }

  /** The header's charset parameter without quotes, or null when it has none. */
  public static String charset(String contentTypeHeader) {
    return extract(contentTypeHeader).charset();
  }

  /**
   * The header as the Fetch Standard's "extract a MIME type" reads it, as browsers do: a header
   * joined from several ({@code text/html; charset=koi8-r, text/html}) is its last type but for
   * unparsable ones and {@code *}{@code /*}, with the charset of the one before when both name the
   * same type and the last names none.
   */
  private static MimeType extract(String header) {
    if (header == null) {
      return NONE;
    }
    MimeType result = NONE;
    int start = 0;
    while (start <= header.length()) {
      int end = valueEnd(header, start);
      String value = header.substring(start, end);
      int semicolon = value.indexOf(';');
      String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
      int slash = type.indexOf('/');
      boolean valid = slash > 0 && slash < type.length() - 1 && !type.equals("*/*");
      if (valid || (start == 0 && end == header.length())) {
        String charset = semicolon < 0 ? null : charsetParameter(value.substring(semicolon));
        if (!type.equalsIgnoreCase(result.essence())) {
          result = new MimeType(type, charset);
        } else if (charset != null) {
          result = new MimeType(result.essence(), charset);
        }
      }
      start = end + 1;
    }
    return result;
  }

  /** Where the comma-separated value starting at {@code start} ends: a comma outside quotes. */
  private static int valueEnd(String header, int start) {
    boolean quoted = false;
    for (int i = start; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == ',' && !quoted) {
        return i;
      }
    }
    return header.length();
  }

  /** The first charset of {@code ;}-separated parameters, unquoted; null when none is given. */
  private static String charsetParameter(String parameters) {
    String[] parts = parameters.split(";");
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i];
      int equals = param.indexOf('=');
      if (equals < 0 || !param.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        continue;
      }
      String value = param.substring(equals + 1).strip();
      if (value.startsWith("\"")) {
        // An HTTP quoted string, which runs to the end when its closing quote is missing.
        int close = value.indexOf('"', 1);
        value = value.substring(1, close < 0 ? value.length() : close).strip();
      } else if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
        // Single quotes are not HTTP syntax but common enough in the wild to accept.
        value = value.substring(1, value.length() - 1).strip();
      }
      return value.isEmpty() ? null : value;
    }
    return null;
  }

  /**
   * Sniffs a body served without Content-Type: after an optional UTF-8 or UTF-16 byte order mark
   * and whitespace within the first 1024 bytes, does it start with a tag typical of HTML?
   */
  public static boolean looksLikeHtml(byte[] body, int length) {
    int end = Math.min(length, body.length);
    int start = 0;
    int step = 1; // bytes per character; UTF-16 keeps the ASCII byte at an offset of 0 or 1
    int low = 0;
    if (end >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf) {
      start = 3;
    } else if (end >= 2 && (body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff) {
      start = 2;
      step = 2;
      low = 1;
    } else if (end >= 2 && (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe) {
      start = 2;
      step = 2;
    }
    StringBuilder head = new StringBuilder(32);
    int i = start;
    while (i + step <= end && i < SNIFF_LIMIT && isWhitespace(charAt(body, i, step, low))) {
      i += step;
    }
    if (i >= SNIFF_LIMIT) {
      return false;
    }
    for (; i + step <= end && head.length() < 16; i += step) {
      head.append(Character.toLowerCase(charAt(body, i, step, low)));
    }
    String text = head.toString();
    if (text.startsWith(COMMENT_PATTERN)) {
      return true;
    }
    for (String pattern : TAG_PATTERNS) {
      if (text.startsWith(pattern)
          && text.length() > pattern.length()
          && isTagTerminator(text.charAt(pattern.length()))) {
        return true;
      }
    }
    return false;
  }

  /** The ASCII character at byte offset {@code i}, or NUL for anything else. */
  private static char charAt(byte[] body, int i, int step, int low) {
    if (step == 2 && body[i + 1 - low] != 0) {
      return '\0';
    }
    int b = body[i + low] & 0xff;
    return b < 0x80 ? (char) b : '\0';
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /** WHATWG accepts only space and '>'; other whitespace and "/>" are as common and as telling. */
  private static boolean isTagTerminator(char c) {
    return c == '>' || c == '/' || isWhitespace(c);
  }
}
