package io.akkacrawler.fetch;

import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Response header values as browsers read them. */
final class HeaderValues {
  private HeaderValues() {}

  /**
   * A response's {@code Content-Type} as browsers read it: several headers are one list, joined
   * with ", " (the Fetch Standard's "get, decode, and split"), which {@link
   * io.akkacrawler.parse.ContentTypes} reads as a browser does; null when there is none.
   */
  static String contentType(HttpHeaders headers) {
    List<String> values = headers.allValues("content-type");
    return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
  }

  /**
   * A header value as browsers read a {@code Location}: the client gives each byte as one char
   * (ISO-8859-1), and a server that writes a URL with raw UTF-8 ({@code /té} as C3 A9) means the
   * UTF-8 characters. Bytes that are not valid UTF-8 stay as they came.
   */
  static String utf8(String value) {
    boolean high = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xFF) {
        return value; // not bytes as chars (an HTTP/2 header is decoded already)
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return value;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return value;
    }
  }
}
