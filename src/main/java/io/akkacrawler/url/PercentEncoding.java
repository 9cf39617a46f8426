package io.akkacrawler.url;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The URL Standard's percent-encode sets (§1.3 percent-encoded bytes) and UTF-8 percent-encoding
 * into a caller's StringBuilder, plus percent-decoding for the host parser.
 */
final class PercentEncoding {
  /** Bit masks over ASCII, one bit per set; everything above U+007E is in every set. */
  static final int C0 = 1;

  static final int FRAGMENT = 1 << 1;
  static final int QUERY = 1 << 2;
  static final int SPECIAL_QUERY = 1 << 3;
  static final int PATH = 1 << 4;
  static final int USERINFO = 1 << 5;

  private static final byte[] SETS = new byte[128];
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  static {
    for (int c = 0; c < 0x20; c++) {
      SETS[c] = (byte) (C0 | FRAGMENT | QUERY | SPECIAL_QUERY | PATH | USERINFO);
    }
    SETS[0x7F] = (byte) (C0 | FRAGMENT | QUERY | SPECIAL_QUERY | PATH | USERINFO);
    add(" \"<>`", FRAGMENT);
    add(" \"#<>", QUERY | SPECIAL_QUERY | PATH | USERINFO);
    add("'", SPECIAL_QUERY);
    add("?^`{}", PATH | USERINFO);
    add("/:;=@[\\]|", USERINFO);
  }

  private PercentEncoding() {}

  private static void add(String chars, int sets) {
    for (int i = 0; i < chars.length(); i++) {
      SETS[chars.charAt(i)] |= (byte) sets;
    }
  }

  /** Whether the ASCII character {@code c} is left as is by {@code set}. */
  static boolean isPlain(char c, int set) {
    return c < 0x80 && (SETS[c] & set) == 0;
  }

  /**
   * Appends the code point starting at {@code s[i]} UTF-8 percent-encoded with {@code set} and
   * returns the index of its last char (a surrogate pair takes two). Lone surrogates become U+FFFD,
   * as the scalar value string the standard parses would have them.
   */
  static int append(StringBuilder out, String s, int i, int set) {
    char c = s.charAt(i);
    if (c < 0x80) {
      if ((SETS[c] & set) == 0) {
        out.append(c);
      } else {
        appendByte(out, c);
      }
      return i;
    }
    int cp = c;
    int last = i;
    if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      cp = Character.toCodePoint(c, s.charAt(i + 1));
      last = i + 1;
    } else if (Character.isSurrogate(c)) {
      cp = 0xFFFD;
    }
    appendUtf8(out, cp);
    return last;
  }

  /** Appends every code point of {@code s} percent-encoded with {@code set}. */
  static void appendAll(StringBuilder out, String s, int set) {
    for (int i = 0; i < s.length(); i++) {
      i = append(out, s, i, set);
    }
  }

  /**
   * The URL Standard's "percent-encode after encoding" of a query, from {@code input[from]} to its
   * end or its '#': encoded in {@code charset} (at once: an encoding may be stateful, ISO-2022-JP),
   * each byte percent-encoded with {@code set}, and a code point the charset cannot encode written
   * as the HTML character reference that a form would send ({@code %26%23NNNN%3B}). Returns the
   * index of the query's last char.
   */
  static int appendEncoded(StringBuilder out, String input, int from, int set, Charset charset) {
    int end = input.indexOf('#', from);
    end = end < 0 ? input.length() : end;
    encode(out, input.substring(from, end), set, charset);
    return end - 1;
  }

  private static void encode(StringBuilder out, String s, int set, Charset charset) {
    CharsetEncoder encoder =
        charset
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer in = CharBuffer.wrap(s);
    ByteBuffer bytes = ByteBuffer.allocate(Math.max(16, s.length() * 4));
    while (true) {
      CoderResult result = encoder.encode(in, bytes, true);
      if (result.isUnderflow()) {
        flush(encoder, bytes, out, set);
        return;
      }
      appendBytes(out, bytes, set);
      if (result.isError()) {
        // A lone surrogate is U+FFFD in the scalar value string the standard encodes.
        int at = in.position();
        int cp = result.isMalformed() ? 0xFFFD : Character.codePointAt(in, 0);
        in.position(at + result.length());
        // A stateful encoder (ISO-2022-JP) goes back to ASCII before the reference, as the
        // standard's does.
        flush(encoder, bytes, out, set);
        encoder.reset();
        out.append("%26%23").append(cp).append("%3B");
      }
    }
  }

  /** Ends the encoder's output (a stateful one's return to ASCII) into {@code out}. */
  private static void flush(CharsetEncoder encoder, ByteBuffer bytes, StringBuilder out, int set) {
    while (encoder.flush(bytes).isOverflow()) {
      appendBytes(out, bytes, set);
    }
    appendBytes(out, bytes, set);
  }

  private static void appendBytes(StringBuilder out, ByteBuffer bytes, int set) {
    bytes.flip();
    while (bytes.hasRemaining()) {
      int b = bytes.get() & 0xFF;
      if (b < 0x80 && (SETS[b] & set) == 0) {
        out.append((char) b);
      } else {
        appendByte(out, b);
      }
    }
    bytes.clear();
  }

  private static void appendUtf8(StringBuilder out, int cp) {
    if (cp < 0x800) {
      appendByte(out, 0xC0 | (cp >> 6));
    } else if (cp < 0x10000) {
      appendByte(out, 0xE0 | (cp >> 12));
      appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
    } else {
      appendByte(out, 0xF0 | (cp >> 18));
      appendByte(out, 0x80 | ((cp >> 12) & 0x3F));
      appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
    }
    appendByte(out, 0x80 | (cp & 0x3F));
  }

  static void appendByte(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * §1.3 percent-decode then UTF-8 decode without BOM (invalid sequences become U+FFFD); returns
   * {@code s} itself when it has no '%'.
   */
  static String decode(String s) {
    int pct = s.indexOf('%');
    if (pct < 0) {
      return s;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[utf8.length];
    int n = 0;
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b == '%' && i + 2 < utf8.length) {
        int hi = hexValue((char) utf8[i + 1]);
        int lo = hexValue((char) utf8[i + 2]);
        if (hi >= 0 && lo >= 0) {
          bytes[n++] = (byte) (hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      bytes[n++] = b;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8); // a leading BOM is kept
  }
}
