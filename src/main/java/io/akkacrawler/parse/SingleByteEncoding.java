package io.akkacrawler.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

/**
 * A WHATWG single-byte encoding where the JDK's charset of that name decodes some bytes otherwise:
 * a byte in 0x80–0x9F that the JDK leaves undefined (windows-1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D)
 * is the C1 control of that value in the standard's index, as browsers read it, where the JDK gives
 * U+FFFD; and a few bytes map to other letters ({@code overrides}). Decoding is a table look-up;
 * encoding (a link's query) is the same table read backwards. Immutable.
 */
final class SingleByteEncoding extends Charset {
  private final char[] table = new char[256];

  /**
   * {@code jdk}'s table with its undefined C1 bytes defined, and {@code overrides}: pairs of a byte
   * and the code point the standard gives it.
   */
  SingleByteEncoding(Charset jdk, int... overrides) {
    super(jdk.name(), null);
    byte[] bytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    new String(bytes, jdk).getChars(0, 256, table, 0);
    for (int i = 0x80; i < 0xA0; i++) {
      if (table[i] == '\uFFFD') {
        table[i] = (char) i;
      }
    }
    for (int i = 0; i < overrides.length; i += 2) {
      table[overrides[i]] = (char) overrides[i + 1];
    }
  }

  @Override
  public boolean contains(Charset cs) {
    return cs == this;
  }

  @Override
  public CharsetDecoder newDecoder() {
    return new CharsetDecoder(this, 1f, 1f) {
      @Override
      protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
        if (in.hasArray() && out.hasArray()) {
          // The whole body at once, as new String(bytes, charset) decodes it: array to array.
          byte[] src = in.array();
          char[] dst = out.array();
          int from = in.arrayOffset() + in.position();
          int to = out.arrayOffset() + out.position();
          int n = Math.min(in.remaining(), out.remaining());
          for (int i = 0; i < n; i++) {
            dst[to + i] = table[src[from + i] & 0xFF];
          }
          in.position(in.position() + n);
          out.position(out.position() + n);
          return in.hasRemaining() ? CoderResult.OVERFLOW : CoderResult.UNDERFLOW;
        }
        while (in.hasRemaining()) {
          if (!out.hasRemaining()) {
            return CoderResult.OVERFLOW;
          }
          out.put(table[in.get() & 0xFF]); // an undefined byte is U+FFFD in the table
        }
        return CoderResult.UNDERFLOW;
      }
    };
  }

  @Override
  public CharsetEncoder newEncoder() {
    return new CharsetEncoder(this, 1f, 1f) {
      @Override
      protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
        while (in.hasRemaining()) {
          char c = in.get(in.position());
          int b = byteOf(c);
          if (b < 0) {
            if (!Character.isSurrogate(c)) {
              return CoderResult.unmappableForLength(1);
            }
            if (Character.isLowSurrogate(c)) {
              return CoderResult.malformedForLength(1);
            }
            if (in.remaining() < 2) {
              return CoderResult.UNDERFLOW; // the low surrogate may come in the next buffer
            }
            return Character.isLowSurrogate(in.get(in.position() + 1))
                ? CoderResult.unmappableForLength(2)
                : CoderResult.malformedForLength(1);
          }
          if (!out.hasRemaining()) {
            return CoderResult.OVERFLOW;
          }
          out.put((byte) b);
          in.position(in.position() + 1);
        }
        return CoderResult.UNDERFLOW;
      }
    };
  }

  /** The byte that decodes to {@code c}, or -1. */
  private int byteOf(char c) {
    if (c < 0x80) {
      return c;
    }
    if (c == '\uFFFD') {
      return -1;
    }
    for (int i = 0x80; i < 256; i++) {
      if (table[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
