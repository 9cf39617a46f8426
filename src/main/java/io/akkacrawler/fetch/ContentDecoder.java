package io.akkacrawler.fetch;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Decodes a gzip or deflate body with a cap on the decoded size (decompression bombs). */
final class ContentDecoder {
  /** The decoded bytes {@code [0, length)}; truncated when the cap or a cut-off input ended it. */
  record Decoded(byte[] bytes, int length, boolean truncated) {}

  private ContentDecoder() {}

  /**
   * Decodes {@code body[0, length)} per the Content-Encoding header value.
   *
   * @param inputTruncated the raw body was cut off, so an early end of the stream is expected
   * @throws UnsupportedEncodingException for an encoding the crawler did not ask for
   * @throws IOException for a corrupt stream
   */
  static Decoded decode(
      byte[] body, int length, String encoding, long maxDecoded, boolean inputTruncated)
      throws IOException {
    if (encoding == null || encoding.indexOf(',') < 0) {
      return decodeOne(body, length, encoding, encoding, maxDecoded, inputTruncated);
    }
    // Codings applied one after the other ("gzip, gzip"), undone last first, as RFC 9110 lists
    // them; each step is capped, and a list longer than a server would mean is not taken.
    String[] codings = encoding.split(",");
    if (codings.length > MAX_CODINGS) {
      throw new UnsupportedEncodingException(encoding);
    }
    Decoded d = new Decoded(body, length, inputTruncated);
    for (int i = codings.length - 1; i >= 0; i--) {
      d = decodeOne(d.bytes(), d.length(), codings[i], encoding, maxDecoded, d.truncated());
    }
    return d;
  }

  /** The most codings one Content-Encoding may list. */
  private static final int MAX_CODINGS = 3;

  private static Decoded decodeOne(
      byte[] body,
      int length,
      String coding,
      String encoding,
      long maxDecoded,
      boolean inputTruncated)
      throws IOException {
    String e = coding == null ? "" : coding.trim().toLowerCase(Locale.ROOT);
    switch (e) {
      case "", "identity":
        return new Decoded(body, length, inputTruncated);
      case "gzip", "x-gzip":
        return inflate(
            () -> new GZIPInputStream(new ByteArrayInputStream(body, 0, length)),
            maxDecoded,
            inputTruncated);
      case "deflate":
        try {
          return inflate(
              () -> new InflaterInputStream(new ByteArrayInputStream(body, 0, length)),
              maxDecoded,
              inputTruncated);
        } catch (ZipException zlibHeaderMissing) {
          // Some servers send raw deflate without the zlib wrapper that RFC 9110 asks for.
          return inflate(
              () ->
                  new InflaterInputStream(
                      new ByteArrayInputStream(body, 0, length), new Inflater(true)),
              maxDecoded,
              inputTruncated);
        }
      default:
        throw new UnsupportedEncodingException(encoding);
    }
  }

  private interface StreamOpener {
    InputStream open() throws IOException;
  }

  private static Decoded inflate(StreamOpener opener, long maxDecoded, boolean inputTruncated)
      throws IOException {
    int cap = (int) Math.min(maxDecoded, Integer.MAX_VALUE - 16);
    byte[] out = new byte[Math.min(cap, 64 * 1024)];
    int n = 0;
    try (InputStream in = opener.open()) {
      while (true) {
        if (n == out.length) {
          if (n >= cap) {
            // One byte more than the cap means the body really is larger: a bomb, or just big.
            return new Decoded(out, n, in.read() >= 0 || inputTruncated);
          }
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, cap));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          return new Decoded(out, n, inputTruncated);
        }
        n += r;
      }
    } catch (EOFException cutOff) {
      if (inputTruncated) {
        return new Decoded(out, n, true);
      }
      throw cutOff;
    }
  }
}
