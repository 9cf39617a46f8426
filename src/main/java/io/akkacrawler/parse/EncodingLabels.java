package io.akkacrawler.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The WHATWG Encoding Standard's labels (§4.2 "get an encoding"), each mapped to the JVM charset
 * that decodes that encoding: what browsers, and so this crawler, read {@code charset=...} as. A
 * label the standard does not list (the JVM's own {@code cp037} or {@code utf-32}, say) is no
 * encoding at all and is ignored, as browsers ignore it; {@code iso-8859-1} and {@code us-ascii}
 * mean windows-1252, {@code gb2312} GBK, {@code euc-kr} windows-949, {@code shift_jis} Windows-31J,
 * {@code euc-jp} the JDK's x-eucJP-Open (EUC-JP with the NEC and IBM rows the standard's index
 * has). Three encodings of the standard are left out, their labels ignored: ISO-8859-10 and
 * ISO-8859-14, which the JDK lacks, and x-user-defined. The "replacement" labels ({@code
 * iso-2022-kr}, {@code hz-gb-2312}, ...) are ignored too, where a browser shows such a page as one
 * replacement character.
 */
final class EncodingLabels {
  /** Each line: the JVM's charset name, then the standard's labels for that encoding. */
  private static final String[] TABLE = {
    "UTF-8 unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "IBM866 866 cp866 csibm866 ibm866",
    "ISO-8859-2 csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2"
        + " latin2",
    "ISO-8859-3 csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3"
        + " latin3",
    "ISO-8859-4 csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4"
        + " latin4",
    "ISO-8859-5 csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5"
        + " iso_8859-5:1988",
    "ISO-8859-6 arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6"
        + " iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "ISO-8859-7 csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7"
        + " iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    // ISO-8859-8-I decodes as ISO-8859-8 does (the "i" is about the text's direction).
    "ISO-8859-8 csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8"
        + " iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "ISO-8859-13 iso-8859-13 iso8859-13 iso885913",
    "ISO-8859-15 csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "ISO-8859-16 iso-8859-16",
    "KOI8-R cskoi8r koi koi8 koi8-r koi8_r",
    "KOI8-U koi8-ru koi8-u",
    "x-MacRoman csmacintosh mac macintosh x-mac-roman",
    "x-windows-874 dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "windows-1250 cp1250 windows-1250 x-cp1250",
    "windows-1251 cp1251 windows-1251 x-cp1251",
    "windows-1252 ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100"
        + " iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252"
        + " x-cp1252",
    "windows-1253 cp1253 windows-1253 x-cp1253",
    "windows-1254 cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9"
        + " iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "windows-1255 cp1255 windows-1255 x-cp1255",
    "windows-1256 cp1256 windows-1256 x-cp1256",
    "windows-1257 cp1257 windows-1257 x-cp1257",
    "windows-1258 cp1258 windows-1258 x-cp1258",
    "x-MacCyrillic x-mac-cyrillic x-mac-ukrainian",
    "GBK chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk",
    "GB18030 gb18030",
    "Big5-HKSCS big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "x-eucJP-Open cseucpkdfmtjapanese euc-jp x-euc-jp",
    "ISO-2022-JP csiso2022jp iso-2022-jp",
    "windows-31j csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "x-windows-949 cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989"
        + " ksc5601 ksc_5601 windows-949",
    "UTF-16BE unicodefffe utf-16be",
    "UTF-16LE csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
  };

  /**
   * The single-byte encodings whose JDK tables differ from the standard's indexes ({@link
   * SingleByteEncoding}): undefined bytes in 0x80–0x9F, and these bytes (byte, code point).
   */
  private static final Map<String, int[]> SINGLE_BYTE_FIXES =
      Map.ofEntries(
          Map.entry("x-windows-874", new int[0]),
          Map.entry("windows-1250", new int[0]),
          Map.entry("windows-1251", new int[0]),
          Map.entry("windows-1252", new int[0]),
          Map.entry("windows-1253", new int[0]),
          Map.entry("windows-1254", new int[0]),
          Map.entry("windows-1255", new int[] {0xCA, 0x05BA}),
          Map.entry("windows-1257", new int[0]),
          Map.entry("windows-1258", new int[0]),
          Map.entry("KOI8-U", new int[] {0xAE, 0x045E, 0xBE, 0x040E}),
          Map.entry("x-MacCyrillic", new int[] {0xA2, 0x0490, 0xB6, 0x0491, 0xFF, 0x20AC}));

  private static final Map<String, Charset> BY_LABEL = new HashMap<>();

  static {
    for (String line : TABLE) {
      String[] words = line.split(" ");
      if (!Charset.isSupported(words[0])) {
        continue; // a JDK without it (a minimal runtime image): its labels are ignored
      }
      int[] fixes = SINGLE_BYTE_FIXES.get(words[0]);
      Charset charset =
          fixes == null
              ? MultiByteEncoding.of(Charset.forName(words[0]))
              : new SingleByteEncoding(Charset.forName(words[0]), fixes);
      for (int i = 1; i < words.length; i++) {
        BY_LABEL.put(words[i], charset);
      }
    }
  }

  private EncodingLabels() {}

  /**
   * The charset {@code label} names (leading and trailing ASCII whitespace removed, any case), or
   * null when the standard does not list it.
   */
  static Charset forLabel(String label) {
    String name = stripAsciiWhitespace(label);
    if (name.equalsIgnoreCase("utf-8")) {
      return StandardCharsets.UTF_8;
    }
    return BY_LABEL.get(name.toLowerCase(Locale.ROOT));
  }

  private static String stripAsciiWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isAsciiWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isAsciiWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
