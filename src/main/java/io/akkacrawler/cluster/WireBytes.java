package io.akkacrawler.cluster;

import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The primitives of {@link WireSerializer}'s format: unsigned and zig-zag variable-length integers,
 * and strings as their UTF-8 bytes after their length plus one (0 for null). Not thread-safe: one
 * per message.
 */
final class WireBytes {
  private WireBytes() {}

  /** Writes a message into a growing array. */
  static final class Out {
    private byte[] buf = new byte[512];
    private int len;

    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }

    void bool(boolean b) {
      ensure(1);
      buf[len++] = (byte) (b ? 1 : 0);
    }

    /** A number that is never negative (negative ones take ten bytes). */
    void unsigned(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    /** Any number, small negative ones in few bytes. */
    void signed(long v) {
      unsigned((v << 1) ^ (v >> 63));
    }

    void string(String s) {
      if (s == null) {
        unsigned(0);
        return;
      }
      int n = s.length();
      int start = len;
      unsigned(n + 1L);
      ensure(n);
      int at = len;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) { // not ASCII: the length in bytes differs; write it again
          len = start;
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          unsigned(utf8.length + 1L);
          ensure(utf8.length);
          System.arraycopy(utf8, 0, buf, len, utf8.length);
          len += utf8.length;
          return;
        }
        buf[at++] = (byte) c;
      }
      len = at;
    }

    void strings(List<String> list) {
      unsigned(list.size());
      for (int i = 0; i < list.size(); i++) {
        string(list.get(i));
      }
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }
  }

  /** Reads a message; a truncated or malformed one fails with {@link NotSerializableException}. */
  static final class In {
    private final byte[] buf;
    private int pos;

    In(byte[] buf) {
      this.buf = buf;
    }

    boolean bool() throws NotSerializableException {
      return next() != 0;
    }

    int tag() throws NotSerializableException {
      return next();
    }

    long unsigned() throws NotSerializableException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = next();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new NotSerializableException("malformed number in a crawl message");
    }

    long signed() throws NotSerializableException {
      long v = unsigned();
      return (v >>> 1) ^ -(v & 1);
    }

    int count() throws NotSerializableException {
      long n = unsigned();
      if (n < 0 || n > buf.length - pos) { // every element takes at least one byte
        throw new NotSerializableException("malformed count in a crawl message");
      }
      return (int) n;
    }

    int integer() throws NotSerializableException {
      long v = signed();
      if (v != (int) v) {
        throw new NotSerializableException("malformed number in a crawl message");
      }
      return (int) v;
    }

    String string() throws NotSerializableException {
      long n = unsigned();
      if (n == 0) {
        return null;
      }
      if (n < 0 || n - 1 > buf.length - pos) {
        throw new NotSerializableException("truncated crawl message");
      }
      String s = new String(buf, pos, (int) (n - 1), StandardCharsets.UTF_8);
      pos += (int) (n - 1);
      return s;
    }

    List<String> strings() throws NotSerializableException {
      int n = count();
      List<String> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(string());
      }
      return list;
    }

    void end() throws NotSerializableException {
      if (pos != buf.length) {
        throw new NotSerializableException("trailing bytes after a crawl message");
      }
    }

    private int next() throws NotSerializableException {
      if (pos >= buf.length) {
        throw new NotSerializableException("truncated crawl message");
      }
      return buf[pos++] & 0xFF;
    }
  }
}
