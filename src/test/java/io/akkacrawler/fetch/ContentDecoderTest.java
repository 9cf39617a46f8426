package io.akkacrawler.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDecoderTest {
  private static final long NO_CAP = 64L * 1024 * 1024;
  private static final int MIB = 1024 * 1024;

  /** Several 64 KiB chunks of varied text, so decoding has to grow its buffer. */
  private static final byte[] PAGE = page();

  private static byte[] page() {
    StringBuilder sb = new StringBuilder("<!doctype html><title>Big page</title>\n");
    for (int i = 0; sb.length() < 300_000; i++) {
      sb.append("<p id=\"p").append(i).append("\">paragraph ").append(i * 7919 % 10007);
      sb.append(" caf\u00e9</p>\n");
    }
    return sb.toString().getBytes(UTF_8);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] deflate(byte[] data, boolean zlibWrapper) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, !zlibWrapper);
    try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  private static byte[] decoded(ContentDecoder.Decoded d) {
    return Arrays.copyOf(d.bytes(), d.length());
  }

  private static ContentDecoder.Decoded decode(byte[] body, String encoding) throws IOException {
    return ContentDecoder.decode(body, body.length, encoding, NO_CAP, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "x-gzip", "GZIP", " gzip "})
  void decodesGzipUnderEitherNameAndAnyCase(String encoding) throws IOException {
    ContentDecoder.Decoded d = decode(gzip(PAGE), encoding);
    assertArrayEquals(PAGE, decoded(d));
    assertFalse(d.truncated());
  }

  @Test
  void stackedCodingsAreUndoneLastFirst() throws IOException {
    assertArrayEquals(PAGE, decoded(decode(gzip(gzip(PAGE)), "gzip, gzip")));
    assertArrayEquals(PAGE, decoded(decode(gzip(deflate(PAGE, true)), "deflate,gzip")));
    assertThrows(java.io.UnsupportedEncodingException.class, () -> decode(gzip(PAGE), "br, gzip"));
    assertThrows(
        java.io.UnsupportedEncodingException.class,
        () -> decode(gzip(gzip(gzip(gzip(PAGE)))), "gzip, gzip, gzip, gzip"));
  }

  @Test
  void decodesDeflateWithZlibWrapper() throws IOException {
    ContentDecoder.Decoded d = decode(deflate(PAGE, true), "deflate");
    assertArrayEquals(PAGE, decoded(d));
    assertFalse(d.truncated());
  }

  @Test
  void decodesRawDeflateSentWithoutZlibWrapper() throws IOException {
    ContentDecoder.Decoded d = decode(deflate(PAGE, false), "deflate");
    assertArrayEquals(PAGE, decoded(d));
    assertFalse(d.truncated());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "identity", "Identity"})
  void passesIdentityBodiesThroughUnchanged(String encoding) throws IOException {
    byte[] body = "<p>plain</p>trailing bytes past the length".getBytes(UTF_8);
    ContentDecoder.Decoded d = ContentDecoder.decode(body, 12, encoding, NO_CAP, false);
    assertEquals("<p>plain</p>", new String(decoded(d), UTF_8));
    assertFalse(d.truncated());
  }

  @Test
  void identityBodyCutOffOnTheWireIsReportedTruncated() throws IOException {
    byte[] body = "<p>cut".getBytes(UTF_8);
    assertTrue(ContentDecoder.decode(body, body.length, null, NO_CAP, true).truncated());
  }

  @Test
  void decodesOnlyTheFirstLengthBytesOfTheBuffer() throws IOException {
    byte[] compressed = gzip(PAGE);
    byte[] padded = Arrays.copyOf(compressed, compressed.length + 100);
    Arrays.fill(padded, compressed.length, padded.length, (byte) 0x5a);
    ContentDecoder.Decoded d =
        ContentDecoder.decode(padded, compressed.length, "gzip", NO_CAP, false);
    assertArrayEquals(PAGE, decoded(d));
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "zstd", "compress", "gzip, br"})
  void rejectsEncodingsTheCrawlerDidNotAskFor(String encoding) {
    byte[] body = gzip(PAGE);
    UnsupportedEncodingException e =
        assertThrows(UnsupportedEncodingException.class, () -> decode(body, encoding));
    assertEquals(encoding, e.getMessage());
  }

  @Test
  void corruptGzipIsAnIoError() {
    byte[] body = gzip(PAGE);
    for (int i = 20; i < 60; i++) {
      body[i] ^= (byte) 0xa5;
    }
    assertThrows(IOException.class, () -> decode(body, "gzip"));
  }

  @Test
  void bodyThatIsNotGzipAtAllIsAnIoError() {
    byte[] body = "<html>not compressed</html>".getBytes(UTF_8);
    assertThrows(IOException.class, () -> decode(body, "gzip"));
  }

  @Test
  void corruptDeflateIsAnIoError() {
    byte[] body = "definitely not deflate data, neither zlib nor raw".getBytes(UTF_8);
    assertThrows(IOException.class, () -> decode(body, "deflate"));
  }

  @Test
  void capsDecompressionBombAtTheDecodedLimit() throws IOException {
    byte[] bomb = gzip(new byte[50 * MIB]);
    assertTrue(bomb.length < MIB, "the bomb is small on the wire");
    ContentDecoder.Decoded d = ContentDecoder.decode(bomb, bomb.length, "gzip", MIB, false);
    assertTrue(d.truncated());
    assertEquals(MIB, d.length());
  }

  @Test
  void bodyDecodingToExactlyTheCapIsNotTruncated() throws IOException {
    byte[] body = gzip(PAGE);
    ContentDecoder.Decoded d = ContentDecoder.decode(body, body.length, "gzip", PAGE.length, false);
    assertArrayEquals(PAGE, decoded(d));
    assertFalse(d.truncated());
  }

  @Test
  void bodyOneByteOverTheCapIsTruncatedToTheCap() throws IOException {
    byte[] body = deflate(PAGE, true);
    long cap = PAGE.length - 1;
    ContentDecoder.Decoded d = ContentDecoder.decode(body, body.length, "deflate", cap, false);
    assertTrue(d.truncated());
    assertArrayEquals(Arrays.copyOf(PAGE, PAGE.length - 1), decoded(d));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate"})
  void inputCutOffOnTheWireGivesThePrefixDecodedSoFar(String encoding) throws IOException {
    byte[] full = encoding.equals("gzip") ? gzip(PAGE) : deflate(PAGE, true);
    int cut = full.length / 2;
    ContentDecoder.Decoded d = ContentDecoder.decode(full, cut, encoding, NO_CAP, true);
    assertTrue(d.truncated());
    assertTrue(d.length() > 0, "some of the page was decoded");
    assertTrue(d.length() < PAGE.length, "not all of it");
    assertArrayEquals(Arrays.copyOf(PAGE, d.length()), decoded(d));
  }

  @Test
  void rawDeflateCutOffOnTheWireGivesThePrefixDecodedSoFar() throws IOException {
    byte[] full = deflate(PAGE, false);
    ContentDecoder.Decoded d =
        ContentDecoder.decode(full, full.length / 2, "deflate", NO_CAP, true);
    assertTrue(d.truncated());
    assertTrue(d.length() > 0 && d.length() < PAGE.length, "a proper prefix: " + d.length());
    assertArrayEquals(Arrays.copyOf(PAGE, d.length()), decoded(d));
  }

  @Test
  void gzipCutOffInsideItsHeaderGivesAnEmptyTruncatedBody() throws IOException {
    byte[] full = gzip(PAGE);
    ContentDecoder.Decoded d = ContentDecoder.decode(full, 4, "gzip", NO_CAP, true);
    assertTrue(d.truncated());
    assertEquals(0, d.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate"})
  void streamEndingEarlyWithoutACutOffIsAnError(String encoding) {
    byte[] full = encoding.equals("gzip") ? gzip(PAGE) : deflate(PAGE, true);
    assertThrows(
        EOFException.class,
        () -> ContentDecoder.decode(full, full.length / 2, encoding, NO_CAP, false));
  }
}
