package io.akkacrawler.url;

/**
 * The URL Standard's §3.5 host parser: domains (through {@link Idna}), IPv4 addresses in all their
 * legacy forms, bracketed IPv6 addresses and opaque hosts, each returned serialized (§3.6).
 */
final class HostParser {
  private HostParser() {}

  /** The serialized host, or null on failure; {@code opaque} for hosts of non-special URLs. */
  static String parse(String input, boolean opaque) {
    if (!input.isEmpty() && input.charAt(0) == '[') {
      if (input.charAt(input.length() - 1) != ']') {
        return null;
      }
      char[] address = parseIpv6(input, 1, input.length() - 1);
      return address == null ? null : serializeIpv6(address);
    }
    if (opaque) {
      return parseOpaque(input);
    }
    String domain = PercentEncoding.decode(input);
    String ascii = Idna.toAscii(domain);
    if (ascii == null || ascii.isEmpty()) {
      return null;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (isForbiddenDomain(ascii.charAt(i))) {
        return null;
      }
    }
    if (endsInNumber(ascii)) {
      long ipv4 = parseIpv4(ascii);
      return ipv4 < 0 ? null : serializeIpv4(ipv4);
    }
    return ascii;
  }

  /** §3.2 forbidden domain code point (forbidden host code points, C0 controls, % and DEL). */
  private static boolean isForbiddenDomain(char c) {
    return c <= 0x20 || c == '%' || c == 0x7F || isForbiddenHost(c);
  }

  private static boolean isForbiddenHost(char c) {
    return switch (c) {
      case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|' ->
          true;
      default -> false;
    };
  }

  /** §3.5 opaque-host parser. */
  private static String parseOpaque(String input) {
    for (int i = 0; i < input.length(); i++) {
      if (isForbiddenHost(input.charAt(i))) {
        return null;
      }
    }
    StringBuilder out = new StringBuilder(input.length() + 8);
    PercentEncoding.appendAll(out, input, PercentEncoding.C0);
    return out.toString();
  }

  /** §3.5 ends in a number checker. */
  private static boolean endsInNumber(String host) {
    int end = host.length();
    if (end > 0 && host.charAt(end - 1) == '.') {
      end--;
      if (end == 0) {
        return false;
      }
    }
    int start = host.lastIndexOf('.', end - 1) + 1;
    if (start == end) {
      return false;
    }
    boolean digits = true;
    for (int i = start; i < end && digits; i++) {
      char c = host.charAt(i);
      digits = c >= '0' && c <= '9';
    }
    return digits || parseIpv4Number(host, start, end) >= 0;
  }

  /** §3.5 IPv4 parser: the address as an unsigned 32-bit value, or -1 on failure. */
  private static long parseIpv4(String host) {
    int end = host.length();
    if (host.charAt(end - 1) == '.') {
      end--; // one trailing dot is allowed (checked non-empty by endsInNumber)
    }
    long[] numbers = new long[4];
    int count = 0;
    int start = 0;
    while (true) {
      int dot = host.indexOf('.', start);
      int partEnd = dot < 0 || dot > end ? end : dot;
      if (count == 4) {
        return -1;
      }
      long n = parseIpv4Number(host, start, partEnd);
      if (n < 0) {
        return -1;
      }
      numbers[count++] = n;
      if (partEnd == end) {
        break;
      }
      start = partEnd + 1;
    }
    for (int i = 0; i < count - 1; i++) {
      if (numbers[i] > 255) {
        return -1;
      }
    }
    long last = numbers[count - 1];
    if (last >= 1L << (8 * (5 - count))) {
      return -1;
    }
    long ipv4 = last;
    for (int i = 0; i < count - 1; i++) {
      ipv4 += numbers[i] << (8 * (3 - i));
    }
    return ipv4;
  }

  /**
   * §3.5 IPv4 number parser over {@code s[start, end)}: decimal, 0x hex or 0 octal; -1 on failure.
   * Values are capped just above 2^32, which fails any later range check all the same.
   */
  private static long parseIpv4Number(String s, int start, int end) {
    if (start == end) {
      return -1;
    }
    int radix = 10;
    if (end - start >= 2 && s.charAt(start) == '0') {
      char x = s.charAt(start + 1);
      if (x == 'x' || x == 'X') {
        radix = 16;
        start += 2;
      } else {
        radix = 8;
        start += 1;
      }
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = Character.digit(s.charAt(i), radix);
      if (digit < 0 || s.charAt(i) >= 0x80) {
        return -1;
      }
      value = Math.min(value * radix + digit, 1L << 33);
    }
    return value;
  }

  private static String serializeIpv4(long address) {
    StringBuilder out = new StringBuilder(15);
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.append((address >> shift) & 0xFF);
      if (shift > 0) {
        out.append('.');
      }
    }
    return out.toString();
  }

  /** §3.5 IPv6 parser over {@code s[start, end)}: eight 16-bit pieces, or null on failure. */
  private static char[] parseIpv6(String s, int start, int end) {
    char[] address = new char[8];
    int pieceIndex = 0;
    int compress = -1;
    int p = start;
    if (p < end && s.charAt(p) == ':') {
      if (p + 1 >= end || s.charAt(p + 1) != ':') {
        return null;
      }
      p += 2;
      compress = ++pieceIndex;
    }
    while (p < end) {
      if (pieceIndex == 8) {
        return null;
      }
      if (s.charAt(p) == ':') {
        if (compress >= 0) {
          return null;
        }
        p++;
        compress = ++pieceIndex;
        continue;
      }
      int value = 0;
      int length = 0;
      while (length < 4 && p < end && PercentEncoding.hexValue(s.charAt(p)) >= 0) {
        value = value * 16 + PercentEncoding.hexValue(s.charAt(p));
        p++;
        length++;
      }
      if (p < end && s.charAt(p) == '.') {
        if (length == 0) {
          return null;
        }
        p -= length;
        if (pieceIndex > 6 || !parseIpv4InIpv6(s, p, end, address, pieceIndex)) {
          return null;
        }
        pieceIndex += 2;
        p = end;
        break;
      }
      if (p < end && s.charAt(p) == ':') {
        p++;
        if (p >= end) {
          return null;
        }
      } else if (p < end) {
        return null;
      }
      address[pieceIndex++] = (char) value;
    }
    if (compress >= 0) {
      int swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex != 0 && swaps > 0) {
        char tmp = address[pieceIndex];
        address[pieceIndex] = address[compress + swaps - 1];
        address[compress + swaps - 1] = tmp;
        pieceIndex--;
        swaps--;
      }
    } else if (pieceIndex != 8) {
      return null;
    }
    return address;
  }

  /** The IPv4-in-IPv6 steps of §3.5's IPv6 parser, filling two pieces at {@code pieceIndex}. */
  private static boolean parseIpv4InIpv6(String s, int p, int end, char[] address, int piece) {
    int numbersSeen = 0;
    while (p < end) {
      int value = -1;
      if (numbersSeen > 0) {
        if (s.charAt(p) == '.' && numbersSeen < 4) {
          p++;
        } else {
          return false;
        }
      }
      if (p >= end || s.charAt(p) < '0' || s.charAt(p) > '9') {
        return false;
      }
      while (p < end && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
        int digit = s.charAt(p) - '0';
        if (value == -1) {
          value = digit;
        } else if (value == 0) {
          return false;
        } else {
          value = value * 10 + digit;
        }
        if (value > 255) {
          return false;
        }
        p++;
      }
      address[piece] = (char) (address[piece] * 0x100 + value);
      numbersSeen++;
      if (numbersSeen == 2 || numbersSeen == 4) {
        piece++;
      }
    }
    return numbersSeen == 4;
  }

  /** §3.6 host serializer for IPv6: lower-case hex, the first longest run of 2+ zeros as "::". */
  private static String serializeIpv6(char[] address) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && address[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(41).append('[');
    boolean ignore0 = false;
    for (int i = 0; i < 8; i++) {
      if (ignore0 && address[i] == 0) {
        continue;
      }
      ignore0 = false;
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        ignore0 = true;
        continue;
      }
      out.append(Integer.toHexString(address[i]));
      if (i != 7) {
        out.append(':');
      }
    }
    return out.append(']').toString();
  }
}
