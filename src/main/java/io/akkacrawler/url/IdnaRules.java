package io.akkacrawler.url;

/**
 * The contextual checks UTS #46 runs on labels for the URL Standard: the RFC 5893 Bidi rule
 * (CheckBidi) and the RFC 5892 Appendix A CONTEXTJ rules for ZWNJ and ZWJ (CheckJoiners).
 */
final class IdnaRules {
  private static final char ZWNJ = '\u200C';
  private static final char ZWJ = '\u200D';

  /** Code points of canonical combining class 9 (Virama), which Java does not expose. */
  private static final int[] VIRAMAS = {
    0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B, 0x0D3C, 0x0D4D, 0x0DCA,
    0x0E3A, 0x0EBA, 0x0F84, 0x1039, 0x103A, 0x1714, 0x1715, 0x1734, 0x17D2, 0x1A60, 0x1B44, 0x1BAA,
    0x1BAB, 0x1BF2, 0x1BF3, 0x2D7F, 0xA806, 0xA82C, 0xA8C4, 0xA953, 0xA9C0, 0xAAF6, 0xABED, 0x10A3F,
    0x11046, 0x11070, 0x1107F, 0x110B9, 0x11133, 0x11134, 0x111C0, 0x11235, 0x112EA, 0x1134D,
    0x11442, 0x114C2, 0x115BF, 0x1163F, 0x116B6, 0x1172B, 0x11839, 0x1193D, 0x1193E, 0x119E0,
    0x11A34, 0x11A47, 0x11A99, 0x11C3F, 0x11D44, 0x11D45, 0x11D97, 0x11F41, 0x11F42
  };

  private IdnaRules() {}

  /** Whether the label makes its domain a "Bidi domain name" (RFC 5893 §1.4): R, AL or AN. */
  static boolean hasRtl(String label) {
    for (int i = 0; i < label.length(); ) {
      int cp = label.codePointAt(i);
      i += Character.charCount(cp);
      byte d = Character.getDirectionality(cp);
      if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
          || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
          || d == Character.DIRECTIONALITY_ARABIC_NUMBER) {
        return true;
      }
    }
    return false;
  }

  /** RFC 5893 §2 conditions 1 to 6, for a label of a Bidi domain name. */
  static boolean isValidLabel(String label) {
    if (label.isEmpty()) {
      return true;
    }
    int[] cps = label.codePoints().toArray();
    byte first = Character.getDirectionality(cps[0]);
    boolean rtl;
    if (first == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
      rtl = false;
    } else if (first == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || first == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
      rtl = true;
    } else {
      return false;
    }
    boolean en = false;
    boolean an = false;
    for (int cp : cps) {
      byte d = Character.getDirectionality(cp);
      en |= d == Character.DIRECTIONALITY_EUROPEAN_NUMBER;
      an |= d == Character.DIRECTIONALITY_ARABIC_NUMBER;
      if (!(rtl ? allowedInRtl(d) : allowedInLtr(d))) {
        return false;
      }
    }
    if (rtl && en && an) {
      return false;
    }
    int end = cps.length - 1;
    while (end > 0
        && Character.getDirectionality(cps[end]) == Character.DIRECTIONALITY_NONSPACING_MARK) {
      end--;
    }
    byte last = Character.getDirectionality(cps[end]);
    if (rtl) {
      return last == Character.DIRECTIONALITY_RIGHT_TO_LEFT
          || last == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
          || last == Character.DIRECTIONALITY_EUROPEAN_NUMBER
          || last == Character.DIRECTIONALITY_ARABIC_NUMBER;
    }
    return last == Character.DIRECTIONALITY_LEFT_TO_RIGHT
        || last == Character.DIRECTIONALITY_EUROPEAN_NUMBER;
  }

  private static boolean allowedInRtl(byte d) {
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
        || d == Character.DIRECTIONALITY_ARABIC_NUMBER
        || allowedInBoth(d);
  }

  private static boolean allowedInLtr(byte d) {
    return d == Character.DIRECTIONALITY_LEFT_TO_RIGHT || allowedInBoth(d);
  }

  private static boolean allowedInBoth(byte d) {
    return d == Character.DIRECTIONALITY_EUROPEAN_NUMBER
        || d == Character.DIRECTIONALITY_EUROPEAN_NUMBER_SEPARATOR
        || d == Character.DIRECTIONALITY_COMMON_NUMBER_SEPARATOR
        || d == Character.DIRECTIONALITY_EUROPEAN_NUMBER_TERMINATOR
        || d == Character.DIRECTIONALITY_OTHER_NEUTRALS
        || d == Character.DIRECTIONALITY_BOUNDARY_NEUTRAL
        || d == Character.DIRECTIONALITY_NONSPACING_MARK;
  }

  /**
   * RFC 5892 Appendix A.1 and A.2: a joiner must follow a virama, or (ZWNJ only) sit between
   * joining letters. Java has no Joining_Type, so letters of the cursive scripts stand for L/D/R
   * and marks for T; right-joining-only Arabic letters are told apart by a small table.
   */
  static boolean hasValidJoiners(String label) {
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c != ZWNJ && c != ZWJ) {
        continue;
      }
      if (i > 0 && isVirama(label.codePointBefore(i))) {
        continue;
      }
      if (c == ZWJ || !joinsAround(label, i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean joinsAround(String label, int zwnj) {
    int before = zwnj;
    int cp = -1;
    while (before > 0) {
      cp = label.codePointBefore(before);
      before -= Character.charCount(cp);
      if (!isTransparent(cp)) {
        break;
      }
      cp = -1;
    }
    if (cp < 0 || !isJoiningLetter(cp) || isRightJoiningOnly(cp)) {
      return false;
    }
    int after = zwnj + 1;
    while (after < label.length()) {
      cp = label.codePointAt(after);
      after += Character.charCount(cp);
      if (!isTransparent(cp)) {
        return isJoiningLetter(cp);
      }
    }
    return false;
  }

  private static boolean isTransparent(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
  }

  private static boolean isJoiningLetter(int cp) {
    if (!Character.isLetter(cp)) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.ARABIC
        || script == Character.UnicodeScript.SYRIAC
        || script == Character.UnicodeScript.NKO
        || script == Character.UnicodeScript.MANDAIC
        || script == Character.UnicodeScript.MONGOLIAN
        || script == Character.UnicodeScript.PHAGS_PA;
  }

  private static boolean isRightJoiningOnly(int cp) {
    return (cp >= 0x622 && cp <= 0x625)
        || cp == 0x627
        || cp == 0x629
        || (cp >= 0x62F && cp <= 0x632)
        || cp == 0x648
        || (cp >= 0x671 && cp <= 0x673)
        || (cp >= 0x675 && cp <= 0x677)
        || (cp >= 0x688 && cp <= 0x699)
        || cp == 0x6C0
        || (cp >= 0x6C3 && cp <= 0x6CB)
        || cp == 0x6CD
        || cp == 0x6CF
        || cp == 0x6D2
        || cp == 0x6D3
        || cp == 0x6D5
        || cp == 0x6EE
        || cp == 0x6EF;
  }

  private static boolean isVirama(int cp) {
    return java.util.Arrays.binarySearch(VIRAMAS, cp) >= 0;
  }
}
