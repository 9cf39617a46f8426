package io.akkacrawler.url;

import java.text.Normalizer;
import java.util.Locale;

/**
 * UTS #46 ToASCII as the URL Standard's §3.3 "domain to ASCII" calls it: non-transitional (ß ς ZWJ
 * ZWNJ kept), CheckHyphens off, CheckBidi and CheckJoiners on, STD3 rules and DNS length off. The
 * mapping table is approximated by NFKC + full case folding plus the explicit sets below; see
 * {@link #mapCodePoint} for what still differs.
 */
final class Idna {
  private Idna() {}

  /** The ASCII form of {@code domain}, or null when UTS #46 processing records an error. */
  static String toAscii(String domain) {
    if (isAscii(domain)) {
      // ASCII domains are only lower-cased, even with invalid "xn--" labels: web-platform-tests
      // expects "a.b.c.xn--pokxncvks" to parse as it is.
      return lowerAscii(domain);
    }
    StringBuilder mapped = new StringBuilder(domain.length() + 8);
    for (int i = 0; i < domain.length(); ) {
      int cp = domain.codePointAt(i);
      i += Character.charCount(cp);
      if (!mapCodePoint(cp, mapped)) {
        return null;
      }
    }
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFC);
    String[] labels = normalized.split("\\.", -1);
    boolean bidiDomain = false;
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      if (label.startsWith("xn--")) {
        String decoded = decodeLabel(label);
        if (decoded == null) {
          return null;
        }
        labels[i] = decoded;
      } else if (!isValidLabel(label)) {
        return null;
      }
      bidiDomain |= IdnaRules.hasRtl(labels[i]);
    }
    StringBuilder out = new StringBuilder(normalized.length() + 16);
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      if (bidiDomain && !IdnaRules.isValidLabel(label)) {
        return null;
      }
      if (i > 0) {
        out.append('.');
      }
      if (isAscii(label)) {
        out.append(label);
      } else {
        String encoded = Punycode.encode(label);
        if (encoded == null) {
          return null;
        }
        out.append("xn--").append(encoded);
      }
    }
    return out.toString();
  }

  /** UTS #46 §4 step 4.1: an "xn--" label must decode to a valid, non-ASCII label. */
  private static String decodeLabel(String label) {
    if (!isAscii(label)) {
      return null;
    }
    String decoded = Punycode.decode(label.substring(4));
    if (decoded == null || decoded.isEmpty() || isAscii(decoded)) {
      return null;
    }
    if (!Normalizer.isNormalized(decoded, Normalizer.Form.NFC) || decoded.startsWith("xn--")) {
      return null;
    }
    // Each code point must be valid, i.e. map to itself.
    StringBuilder remapped = new StringBuilder(decoded.length());
    for (int i = 0; i < decoded.length(); ) {
      int cp = decoded.codePointAt(i);
      i += Character.charCount(cp);
      if (!mapCodePoint(cp, remapped)) {
        return null;
      }
    }
    if (!remapped.toString().equals(decoded) || decoded.indexOf('.') >= 0) {
      return null;
    }
    return isValidLabel(decoded) ? decoded : null;
  }

  /** UTS #46 §4.1 validity criteria that mapping alone does not ensure (steps 5 and 7). */
  private static boolean isValidLabel(String label) {
    if (label.isEmpty() || isAscii(label)) {
      return true;
    }
    int type = Character.getType(label.codePointAt(0));
    if (type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK) {
      return false;
    }
    return IdnaRules.hasValidJoiners(label);
  }

  /**
   * Appends the UTS #46 mapping of {@code cp}; false when it is disallowed. Differences from the
   * real table: Java's case mapping is used for case folding (Cherokee lower-case letters stay
   * lower case instead of folding up) and "disallowed" is read from the general category, so a few
   * symbols the table disallows but NFKC maps (e.g. U+2488 ⒈) are accepted.
   */
  static boolean mapCodePoint(int cp, StringBuilder out) {
    if (cp < 0x80) {
      out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
      return true;
    }
    if (isIgnored(cp)) {
      return true;
    }
    if (cp == 0xDF || cp == 0x3C2 || cp == 0x200C || cp == 0x200D) {
      out.append((char) cp); // deviations, kept by non-transitional processing
      return true;
    }
    if (isDisallowed(cp)) {
      return false;
    }
    if (cp == 0x3002) {
      out.append('.'); // the ideographic full stop separates labels; NFKC keeps it
      return true;
    }
    if (cp == 0x1E9E) {
      out.append("ss"); // capital sharp s: folding gives ß, the table "ss"
      return true;
    }
    String s = new String(Character.toChars(cp));
    String folded = Normalizer.normalize(s, Normalizer.Form.NFKC);
    folded = folded.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    folded = Normalizer.normalize(folded, Normalizer.Form.NFKC).replace('\u3002', '.');
    for (int i = 0; i < folded.length(); ) {
      int m = folded.codePointAt(i);
      i += Character.charCount(m);
      if (m >= 0x80 && (isDisallowed(m) || isIgnored(m))) {
        return false;
      }
    }
    out.append(folded);
    return true;
  }

  private static boolean isIgnored(int cp) {
    return cp == 0xAD
        || cp == 0x34F
        || (cp >= 0x180B && cp <= 0x180D)
        || cp == 0x180F
        || cp == 0x200B
        || (cp >= 0x2060 && cp <= 0x2064)
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF
        || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  private static boolean isDisallowed(int cp) {
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE || cp == 0xFFFD) {
      return true; // noncharacters and the replacement character
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED,
          Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          true;
      default -> false;
    };
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static String lowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < chars.length; j++) {
          if (chars[j] >= 'A' && chars[j] <= 'Z') {
            chars[j] += 32;
          }
        }
        return new String(chars);
      }
    }
    return s;
  }
}
