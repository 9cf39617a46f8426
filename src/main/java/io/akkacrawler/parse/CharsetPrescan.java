package io.akkacrawler.parse;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * The WHATWG "prescan a byte stream to determine its encoding" over the start of an HTML body: the
 * first {@code <meta>} that names a charset, read at the byte level, skipping comments and other
 * tags' attributes; and a leading XML declaration's encoding, which browsers honour too.
 */
final class CharsetPrescan {
  private CharsetPrescan() {}

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
        // (A declaration readable as ASCII is not UTF-16, whatever it says.)
        return HtmlCharset.forMetaLabel(attributes.value);
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
                  charset = HtmlCharset.forMetaLabel(label);
                  needPragma = true;
                }
              }
            }
          }
          case "charset" -> {
            if (!seenCharset) {
              seenCharset = true;
              charset = HtmlCharset.forMetaLabel(value);
              needPragma = false;
            }
          }
          default -> {}
        }
      }
      // (A UTF-16 label is UTF-8 here: a page that could say so in ASCII is not UTF-16.)
      return needPragma == null || (needPragma && !gotPragma) ? null : charset;
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
