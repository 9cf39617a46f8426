package io.akkacrawler.warc;

import java.nio.charset.StandardCharsets;

/**
 * How far a crawl's WARC files are written: every file before {@code file} (by name) is complete,
 * and {@code file} holds whole records up to byte {@code offset}. A resumed crawl cuts {@code file}
 * back to it and deletes the crawl's later files.
 */
public record WarcPosition(String file, long offset) {
  public WarcPosition {
    if (file.isEmpty() || file.contains("/") || file.contains("\n") || offset < 0) {
      throw new IllegalArgumentException("bad WARC position: " + file + " " + offset);
    }
  }

  /** As stored with a commit: {@code offset NAME} in UTF-8. */
  public byte[] encode() {
    return (offset + " " + file).getBytes(StandardCharsets.UTF_8);
  }

  /** The inverse of {@link #encode()}; throws IllegalArgumentException for anything else. */
  public static WarcPosition decode(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    int space = s.indexOf(' ');
    if (space <= 0) {
      throw new IllegalArgumentException("bad WARC position: " + s);
    }
    try {
      return new WarcPosition(s.substring(space + 1), Long.parseLong(s.substring(0, space)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad WARC position: " + s, e);
    }
  }
}
