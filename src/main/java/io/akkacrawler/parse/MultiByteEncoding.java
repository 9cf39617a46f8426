package io.akkacrawler.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

/**
 * A JDK multi-byte charset whose encoder (a link's query) is made to encode as the WHATWG Encoding
 * Standard's: GBK writes € as 0x80 and Shift_JIS U+0080 as 0x80; Big5 writes € as A3 E1 and not the
 * HKSCS characters below lead byte 0xA1 (é), EUC-JP not JIS X 0212's three-byte characters (é): a
 * browser sends those as HTML references. Decoding is the JDK charset's own. Immutable.
 */
final class MultiByteEncoding extends Charset {
  /**
   * EUC-JP's seven JIS X 0208 codes that the JDK reads as other characters than the standard's
   * index, which follows Microsoft's mapping (A1C1 is ～ U+FF5E, not the wave dash 〜 U+301C): the
   * standard's characters, then the JDK's at the same places.
   */
  private static final String EUC_JP_STANDARD = "\uFF5E\u2015\u2225\uFF0D\uFFE0\uFFE1\uFFE2";

  private static final String EUC_JP_JDK = "\u301C\u2014\u2016\u2212\u00A2\u00A3\u00AC";

  private final Charset jdk;
  private final int euro; // the bytes of € when the JDK's differ (0x80, 0xA3E1), else -1
  private final boolean c1; // U+0080 is byte 0x80 (Shift_JIS)
  private final int minLead; // encodings with a smaller first byte are not the standard's
  private final int excludedLead; // nor those with this first byte (-1: none)

  private MultiByteEncoding(Charset jdk, int euro, boolean c1, int minLead, int excludedLead) {
    super(jdk.name(), null);
    this.jdk = jdk;
    this.euro = euro;
    this.c1 = c1;
    this.minLead = minLead;
    this.excludedLead = excludedLead;
  }

  /**
   * {@code jdk} with the standard's encoder when it is one of the four that differ, else itself.
   */
  static Charset of(Charset jdk) {
    return switch (jdk.name()) {
      case "GBK" -> new MultiByteEncoding(jdk, 0x80, false, 0, -1);
      case "windows-31j" -> new MultiByteEncoding(jdk, -1, true, 0, -1);
      case "Big5-HKSCS" -> new MultiByteEncoding(jdk, 0xA3E1, false, 0xA1, -1);
      case "x-eucJP-Open" -> new MultiByteEncoding(jdk, -1, false, 0, 0x8F);
      default -> jdk;
    };
  }

  /** Replaces the JDK's EUC-JP characters in {@code chars[0, length)} with the standard's. */
  static void eucJpAsStandard(char[] chars, int length) {
    for (int i = 0; i < length; i++) {
      char c = chars[i];
      int at = c >= 0xA2 && c <= 0x301C ? EUC_JP_JDK.indexOf(c) : -1;
      if (at >= 0) {
        chars[i] = EUC_JP_STANDARD.charAt(at);
      }
    }
  }

  @Override
  public boolean contains(Charset cs) {
    return jdk.contains(cs);
  }

  @Override
  public CharsetDecoder newDecoder() {
    return jdk.newDecoder();
  }

  @Override
  public CharsetEncoder newEncoder() {
    CharsetEncoder inner = jdk.newEncoder();
    return new CharsetEncoder(this, inner.averageBytesPerChar(), inner.maxBytesPerChar()) {
      @Override
      protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
        while (in.hasRemaining()) {
          char c = in.get(in.position());
          int length = 1;
          if (Character.isHighSurrogate(c)) {
            if (in.remaining() < 2) {
              return CoderResult.UNDERFLOW; // the low surrogate may come in the next buffer
            }
            length = Character.isLowSurrogate(in.get(in.position() + 1)) ? 2 : 0;
          }
          if (length == 0 || Character.isLowSurrogate(c)) {
            return CoderResult.malformedForLength(1);
          }
          byte[] bytes = bytes(inner, in, length);
          if (bytes == null) {
            return CoderResult.unmappableForLength(length);
          }
          if (out.remaining() < bytes.length) {
            return CoderResult.OVERFLOW;
          }
          out.put(bytes);
          in.position(in.position() + length);
        }
        return CoderResult.UNDERFLOW;
      }
    };
  }

  /** The standard's bytes of the character at {@code in}'s position, or null. */
  private byte[] bytes(CharsetEncoder inner, CharBuffer in, int length) {
    char c = in.get(in.position());
    if (c < 0x80 || (c1 && c == 0x80)) {
      return new byte[] {(byte) c};
    }
    CharBuffer source = in.slice(in.position(), length);
    if (excludedLead == 0x8F) {
      int standard = EUC_JP_STANDARD.indexOf(c);
      if (standard >= 0) {
        source = CharBuffer.wrap(EUC_JP_JDK, standard, standard + 1); // the JDK's bytes for it
      } else if (c != '\u2212' && EUC_JP_JDK.indexOf(c) >= 0) {
        return null; // not in the standard's index (− is, the bytes of －)
      }
    }
    if (c == '\u20AC' && euro >= 0) {
      return euro < 0x100 ? new byte[] {(byte) euro} : new byte[] {(byte) (euro >> 8), (byte) euro};
    }
    ByteBuffer encoded;
    try {
      encoded = inner.reset().encode(source);
    } catch (CharacterCodingException e) {
      return null;
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    int lead = bytes.length == 0 ? -1 : bytes[0] & 0xFF;
    return lead < minLead || lead == excludedLead ? null : bytes;
  }
}
