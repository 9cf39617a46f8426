package io.akkacrawler.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Picks the charset of an HTML body before it is decoded, as browsers do: a byte order mark, else
 * the Content-Type header's charset, else a {@code <meta>} charset (or an XML declaration's
 * encoding) found by a byte-level prescan of the body's start (WHATWG "prescan a byte stream"),
 * else UTF-8 when the bytes are valid UTF-8 and windows-1252 (the browsers' usual default) when
 * not. Labels are the WHATWG Encoding Standard's ({@link EncodingLabels}). The prescan replaces a
 * preliminary jsoup parse of the first kilobytes, so that a page is decoded and parsed once; a
 * {@code <meta>} charset beyond it is left to {@link PageParser}, which parses again, as a browser
 * changes the encoding of a page whose encoding was only a guess.
 */
final class HtmlCharset {
  /** How far the prescan looks: as far as jsoup's own sniffing did (WHATWG asks for 1024 bytes). */
  static final int PRESCAN_LIMIT = 5 * 1024;

  private static final Charset WINDOWS_1252 = EncodingLabels.forLabel("windows-1252");

  /**
   * The charset to decode with, where the text starts (after a UTF-8 byte order mark), and whether
   * it is only a guess (no byte order mark, header or prescanned {@code <meta>} named it).
   */
  record Detected(Charset charset, int offset, boolean tentative) {}

  /** A decoded body, with the charset it was decoded with and whether that was a guess. */
  record Decoded(String text, Charset charset, boolean tentative) {}

  private HtmlCharset() {}

  /** The charset of {@code body[0, length)} served with the given header charset (or null). */
  static Detected detect(byte[] body, int length, String headerCharset) {
    Charset bom = byteOrderMark(body, length);
    if (bom != null) {
      // The UTF-16 decoder reads the mark itself to learn the byte order.
      return new Detected(bom, bom == StandardCharsets.UTF_8 ? 3 : 0, false);
    }
    Charset header = forLabel(headerCharset);
    if (header != null) {
      return new Detected(header, 0, false);
    }
    Charset sniffed = CharsetPrescan.prescan(body, Math.min(length, PRESCAN_LIMIT));
    return sniffed == null
        ? new Detected(StandardCharsets.UTF_8, 0, true)
        : new Detected(sniffed, 0, false);
  }

  /**
   * {@code body[0, length)} decoded with the charset {@link #detect} picks; a guessed UTF-8 that
   * the bytes are not is windows-1252 instead.
   */
  static Decoded decode(byte[] body, int length, String headerCharset) {
    Detected detected = detect(body, length, headerCharset);
    int offset = detected.offset();
    String text = text(body, offset, length - offset, detected.charset());
    if (detected.tentative() && text.indexOf('\uFFFD') >= 0 && !isUtf8(body, length)) {
      return new Decoded(text(body, 0, length, WINDOWS_1252), WINDOWS_1252, true);
    }
    return new Decoded(text, detected.charset(), detected.tentative());
  }

  /**
   * {@code body[offset, offset + length)} decoded with {@code charset} as the Encoding Standard's
   * decoder does where the JDK's errs: a bad byte sequence never swallows the ASCII byte after its
   * lead byte (the JDK's Big5-HKSCS, EUC-JP and GB18030 decoders took a {@code <} or a quote with
   * it, and the markup after it was lost), and 0x80 is U+20AC in GBK and gb18030, U+0080 in
   * Shift_JIS.
   */
  static String text(byte[] body, int offset, int length, Charset charset) {
    String name = charset.name();
    boolean gb = name.equals("GBK") || name.equals("GB18030");
    boolean sjis = name.equals("windows-31j");
    if (!(gb || sjis || name.equals("Big5-HKSCS") || name.equals("x-eucJP-Open"))) {
      return new String(body, offset, length, charset);
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body, offset, length);
    CharBuffer out = CharBuffer.allocate(length + 16);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        while (decoder.flush(out).isOverflow()) {
          out = grow(out);
        }
        if (name.equals("x-eucJP-Open")) {
          MultiByteEncoding.eucJpAsStandard(out.array(), out.position());
        }
        return out.flip().toString();
      }
      if (result.isOverflow() || !out.hasRemaining()) {
        out = grow(out);
        continue;
      }
      int at = in.position();
      char replacement = '\uFFFD';
      if (body[at] == (byte) 0x80 && (gb || sjis)) {
        replacement = gb ? '\u20AC' : '\u0080';
      }
      out.put(replacement);
      int skip = 1;
      while (skip < result.length() && body[at + skip] < 0) {
        skip++; // the bad sequence's bytes up to an ASCII one, which is read again
      }
      in.position(at + skip);
    }
  }

  private static CharBuffer grow(CharBuffer out) {
    return CharBuffer.allocate(out.capacity() * 2).put(out.flip());
  }

  /**
   * The charset a {@code <meta>} found by the parser beyond the prescan asks for, as the HTML
   * standard's "change the encoding" reads it: a UTF-16 label means UTF-8; null for an unknown one.
   */
  static Charset forMetaLabel(String label) {
    Charset charset = forLabel(label);
    return charset != null && charset.name().startsWith("UTF-16")
        ? StandardCharsets.UTF_8
        : charset;
  }

  /**
   * Whether {@code body[0, length)} is valid UTF-8, but for a sequence its end cuts short (a body
   * cut at {@code max-body}, or a gzip stream that ended early).
   */
  private static boolean isUtf8(byte[] body, int length) {
    int lead = length - 1;
    while (lead >= 0 && lead > length - 4 && (body[lead] & 0xC0) == 0x80) {
      lead--; // continuation bytes of the last sequence
    }
    if (lead >= 0) {
      int b = body[lead] & 0xFF;
      int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      if (lead + size > length) {
        length = lead; // an incomplete last sequence: judged without it
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** A byte order mark's charset: the WHATWG "BOM sniff" knows UTF-8 and UTF-16 only. */
  private static Charset byteOrderMark(byte[] b, int n) {
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
   * The charset a label names in the WHATWG Encoding Standard, or null for a label it does not list
   * (see {@link EncodingLabels}): {@code iso-8859-1} and {@code us-ascii} are windows-1252, whose
   * curly quotes and dashes pages labelled so routinely use. A quoted label is unquoted.
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
    return EncodingLabels.forLabel(name);
  }
}
