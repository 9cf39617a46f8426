package io.akkacrawler.parse;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Picks the charset of an HTML body before it is decoded, as browsers do: a byte order mark, else
 * the Content-Type header's charset, else a {@code <meta>} charset (or an XML declaration's
 * encoding) found by a byte-level prescan of the body's start (WHATWG "prescan a byte stream"),
 * else UTF-8. The prescan replaces a preliminary jsoup parse of the first kilobytes, so that a page
 * is decoded and parsed once.
 */
final class HtmlCharset {
  /** How far the prescan looks: as far as jsoup's own sniffing did (WHATWG asks for 1024 bytes). */
  static final int PRESCAN_LIMIT = 5 * 1024;

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** The charset to decode with, and where the text starts (after a UTF-8 byte order mark). */
  record Detected(Charset charset, int offset) {}

  private HtmlCharset() {}

  /** The charset of {@code body[0, length)} served with the given header charset (or null). */
  static Detected detect(byte[] body, int length, String headerCharset) {
    Charset bom = byteOrderMark(body, length);
    if (bom != null) {
      // UTF-16 and UTF-32 decoders read the mark themselves to learn the byte order.
      return new Detected(bom, bom == StandardCharsets.UTF_8 ? 3 : 0);
    }
    Charset header = forLabel(headerCharset);
    if (header != null) {
      return new Detected(header, 0);
    }
    Charset sniffed = prescan(body, Math.min(length, PRESCAN_LIMIT));
    return new Detected(sniffed == null ? StandardCharsets.UTF_8 : sniffed, 0);
  }

  private static Charset byteOrderMark(byte[] b, int n) {
    if (n >= 4
        && ((b[0] == 0 && b[1] == 0 && b[2] == (byte) 0xFE && b[3] == (byte) 0xFF)
            || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0))) {
      Charset utf32 = forName("UTF-32");
      if (utf32 != null) {
        return utf32;
      }
    }
    if (n >= 2
        && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)
            || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
      return StandardCharsets.UTF_16;
    }
    if (n >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
      return StandardCharsets.UTF_8;
    }
    return null;
  }

  /**
   * The charset a label names, or null for one the JVM lacks or cannot even parse. Latin-1 and
   * ASCII labels mean windows-1252, as in browsers (WHATWG Encoding): pages labelled so routinely
   * use its curly quotes and dashes.
   */
  static Charset forLabel(String label) {
    if (label == null) {
      return null;
    }
    String name = label.strip();
    if (name.length() >= 2
        && (name.charAt(0) == '"' || name.charAt(0) == '\'')
        && name.charAt(name.length() - 1) == name.charAt(0)) {
      name = name.substring(1, name.length() - 1).strip();
    }
    Charset charset = forName(name);
    if (charset == null) {
      return null;
    }
    if (charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)) {
      return WINDOWS_1252;
    }
    return charset;
  }

  private static Charset forName(String name) {
    if (name.isEmpty()) {
      return null;
    }
    if (name.equalsIgnoreCase("utf-8")) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalCharsetNameException e) {
      return null;
    }
  }

  /** The WHATWG prescan over {@code b[0, end)}: the first usable meta charset, or null. */
  static Charset prescan(byte[] b, int end) {
    Charset xml = xmlDeclaration(b, end);
    if (xml != null) {
      return xml;
    }
    int i = 0;
    while (i < end) {
      if (b[i] != '<') {
        i++;
      } else if (startsWith(b, end, i, "<!--")) {
        int close = indexOf(b, end, i + 2, "-->");
        if (close < 0) {
          return null;
        }
        i = close + 3;
      } else if (startsWithIgnoreCase(b, end, i, "<meta")
          && i + 5 < end
          && (isSpace(b[i + 5]) || b[i + 5] == '/')) {
        Meta meta = new Meta(b, end, i + 5);
        Charset found = meta.charset();
        if (found != null) {
          return found;
        }
        i = meta.pos;
      } else if (i + 1 < end
          && (isLetter(b[i + 1]) || (b[i + 1] == '/' && i + 2 < end && isLetter(b[i + 2])))) {
        // Any other tag: skip its name and attributes, whose values may hold a '<'.
        Attributes tag = new Attributes(b, end, i + 1);
        while (tag.pos < end && !isSpace(b[tag.pos]) && b[tag.pos] != '>') {
          tag.pos++;
        }
        while (tag.next()) {
          // skipped
        }
        i = tag.pos;
      } else if (i + 1 < end && (b[i + 1] == '!' || b[i + 1] == '/' || b[i + 1] == '?')) {
        int close = indexOf(b, end, i + 2, ">");
        if (close < 0) {
          return null;
        }
        i = close + 1;
      } else {
        i++;
      }
    }
    return null;
  }

  /** The encoding of a leading {@code <?xml ... encoding="..."?>}, as jsoup honoured it. */
  private static Charset xmlDeclaration(byte[] b, int end) {
    if (!startsWith(b, end, 0, "<?xml")) {
      return null;
    }
    int close = indexOf(b, end, 5, ">");
    if (close < 0) {
      return null;
    }
    Attributes attributes = new Attributes(b, close, 5);
    while (attributes.next()) {
      if (attributes.name.equals("encoding")) {
        return forLabel(attributes.value);
      }
    }
    return null;
  }

  /** The attributes of one {@code <meta>}: the WHATWG prescan's charset rules. */
  private static final class Meta extends Attributes {
    Meta(byte[] b, int end, int pos) {
      super(b, end, pos);
    }

    Charset charset() {
      boolean gotPragma = false;
      Boolean needPragma = null;
      Charset charset = null;
      boolean seenHttpEquiv = false;
      boolean seenContent = false;
      boolean seenCharset = false;
      while (next()) {
        switch (name) {
          case "http-equiv" -> {
            if (!seenHttpEquiv) {
              seenHttpEquiv = true;
              gotPragma = value.equalsIgnoreCase("content-type");
            }
          }
          case "content" -> {
            if (!seenContent) {
              seenContent = true;
              if (charset == null) {
                String label = charsetFromContent(value);
                if (label != null) {
                  charset = forLabel(label);
                  needPragma = true;
                }
              }
            }
          }
          case "charset" -> {
            if (!seenCharset) {
              seenCharset = true;
              charset = forLabel(value);
              needPragma = false;
            }
          }
          default -> {}
        }
      }
      if (needPragma == null || (needPragma && !gotPragma) || charset == null) {
        return null;
      }
      String name = charset.name();
      if (name.startsWith("UTF-16")) {
        return StandardCharsets.UTF_8; // a page that could say so in ASCII is not UTF-16
      }
      return charset;
    }
  }

  /** Reads attributes as the WHATWG prescan does ("get an attribute"), from {@code pos}. */
  private static class Attributes {
    final byte[] b;
    final int end;
    int pos;
    String name;
    String value;

    Attributes(byte[] b, int end, int pos) {
      this.b = b;
      this.end = end;
      this.pos = pos;
    }

    /** Reads the next attribute into name and value; false at the tag's end. */
    boolean next() {
      while (pos < end && (isSpace(b[pos]) || b[pos] == '/')) {
        pos++;
      }
      if (pos >= end || b[pos] == '>') {
        return false;
      }
      StringBuilder n = new StringBuilder();
      StringBuilder v = new StringBuilder();
      while (true) {
        if (pos >= end) {
          return false;
        }
        byte c = b[pos];
        if (c == '=' && n.length() > 0) {
          pos++;
          break;
        } else if (isSpace(c)) {
          while (pos < end && isSpace(b[pos])) {
            pos++;
          }
          if (pos >= end || b[pos] != '=') {
            return set(n, v);
          }
          pos++;
          break;
        } else if (c == '/' || c == '>') {
          return set(n, v);
        } else {
          n.append(lower(c));
          pos++;
        }
      }
      while (pos < end && isSpace(b[pos])) {
        pos++;
      }
      if (pos >= end) {
        return false;
      }
      byte c = b[pos];
      if (c == '"' || c == '\'') {
        pos++;
        while (pos < end && b[pos] != c) {
          v.append(lower(b[pos++]));
        }
        if (pos >= end) {
          return false;
        }
        pos++;
        return set(n, v);
      }
      if (c == '>') {
        return set(n, v);
      }
      while (pos < end && !isSpace(b[pos]) && b[pos] != '>') {
        v.append(lower(b[pos++]));
      }
      return set(n, v);
    }

    private boolean set(StringBuilder n, StringBuilder v) {
      name = n.toString();
      value = v.toString();
      return true;
    }
  }

  /** The charset label in a content attribute ("text/html; charset=utf-8"), or null. */
  static String charsetFromContent(String content) {
    int from = 0;
    while (true) {
      int at = content.toLowerCase(Locale.ROOT).indexOf("charset", from);
      if (at < 0) {
        return null;
      }
      int i = at + 7;
      while (i < content.length() && isSpace((byte) content.charAt(i))) {
        i++;
      }
      if (i >= content.length() || content.charAt(i) != '=') {
        from = at + 7;
        continue;
      }
      i++;
      while (i < content.length() && isSpace((byte) content.charAt(i))) {
        i++;
      }
      if (i >= content.length()) {
        return null;
      }
      char q = content.charAt(i);
      if (q == '"' || q == '\'') {
        int close = content.indexOf(q, i + 1);
        return close < 0 ? null : content.substring(i + 1, close);
      }
      int stop = i;
      while (stop < content.length()
          && !isSpace((byte) content.charAt(stop))
          && content.charAt(stop) != ';') {
        stop++;
      }
      return stop == i ? null : content.substring(i, stop);
    }
  }

  private static char lower(byte c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : (char) (c & 0xff);
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean startsWith(byte[] b, int end, int at, String s) {
    if (at + s.length() > end) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[at + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int end, int at, String lower) {
    if (at + lower.length() > end) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (lower(b[at + k]) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int end, int from, String s) {
    for (int i = from; i + s.length() <= end; i++) {
      if (startsWith(b, end, i, s)) {
        return i;
      }
    }
    return -1;
  }
}
