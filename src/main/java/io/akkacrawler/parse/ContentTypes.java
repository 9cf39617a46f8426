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

  /** The header's type without its parameters ("text/html"), "" for no header. */
  private static String mediaType(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return "";
    }
    int semicolon = contentTypeHeader.indexOf(';');
    return (semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon)).strip();
  }

  /** The header's charset parameter without quotes, or null when it has none. */
  public static String charset(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return null;
    }
    String[] parts = contentTypeHeader.split(";");
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i];
      int equals = param.indexOf('=');
      if (equals < 0 || !param.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        continue;
      }
      String value = param.substring(equals + 1).strip();
      // Single quotes are not HTTP syntax but common enough in the wild to accept.
      if (value.length() >= 2
          && (value.charAt(0) == '"' || value.charAt(0) == '\'')
          && value.charAt(value.length() - 1) == value.charAt(0)) {
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
