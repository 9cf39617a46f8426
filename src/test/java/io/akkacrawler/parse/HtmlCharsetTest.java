package io.akkacrawler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlCharsetTest {
  private static String sniff(String html, String header) {
    byte[] body = html.getBytes(StandardCharsets.ISO_8859_1);
    return HtmlCharset.detect(body, body.length, header).charset().name();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "<meta charset=utf-8>|UTF-8",
        "<meta charset='ISO-8859-2'>|ISO-8859-2",
        "<!DOCTYPE html><html><head><META CHARSET=\"Shift_JIS\">|windows-31j",
        "<meta http-equiv=Content-Type content='text/html; charset=euc-jp'>|x-eucJP-Open",
        "<meta content=\"text/html;charset=koi8-r\" http-equiv=\"content-type\">|KOI8-R",
        "<meta http-equiv=refresh content='0; charset=koi8-r'>|UTF-8",
        "<meta name=x content='text/html; charset=koi8-r'>|UTF-8",
        "<meta charset=latin1>|windows-1252",
        "<meta charset=us-ascii>|windows-1252",
        "<meta charset=utf-16le>|UTF-8",
        "<meta charset=gb2312>|GBK",
        "<meta charset=euc-kr>|x-windows-949",
        "<meta charset=iso-8859-9>|windows-1254",
        "<meta charset=tis-620>|x-windows-874",
        "<meta charset=iso-8859-8-i>|ISO-8859-8",
        "<meta charset=cp037>|UTF-8",
        "<meta charset=utf-32>|UTF-8",
        "<meta charset=x-user-defined>|UTF-8",
        "<meta charset=no-such-thing><meta charset=iso-8859-5>|ISO-8859-5",
        "<!-- <meta charset=koi8-r> --><p>|UTF-8",
        "<div title='<meta charset=koi8-r>'>|UTF-8",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?><html>|ISO-8859-7",
        "<p>no charset at all</p>|UTF-8",
        "|UTF-8",
        "<meta charset|UTF-8",
        "<meta charset='koi8-r|UTF-8",
      })
  void prescansTheBodyWithoutAHeaderCharset(String html, String expected) {
    assertEquals(expected, sniff(html == null ? "" : html, null));
  }

  @ParameterizedTest(name = "header {0}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "utf-8, UTF-8",
        "'\"ISO-8859-2\"', ISO-8859-2",
        "ISO-8859-1, windows-1252",
        "x-nonsense, windows-1251",
        "cp037, windows-1251",
        "utf-16, UTF-16LE",
        "' euc-jp ', x-eucJP-Open",
        "'not a charset!', windows-1251",
        "'', windows-1251",
      })
  void aValidHeaderCharsetWinsOverMeta(String header, String expected) {
    assertEquals(expected, sniff("<meta charset=windows-1251>", header));
  }

  @ParameterizedTest(name = "header {0}")
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL", "ISO-8859-1"})
  void aByteOrderMarkWinsAndIsSkipped(String header) {
    byte[] utf8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'p', '>'};
    assertEquals(
        new HtmlCharset.Detected(StandardCharsets.UTF_8, 3, false),
        HtmlCharset.detect(utf8, 6, header));
    byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, '<', 0};
    assertEquals(
        new HtmlCharset.Detected(StandardCharsets.UTF_16, 0, false),
        HtmlCharset.detect(utf16, 4, header));
    // Browsers know no UTF-32 mark: FF FE is UTF-16's, whatever follows.
    byte[] utf32 = {(byte) 0xFF, (byte) 0xFE, 0, 0, '<', 0, 0, 0};
    assertEquals(
        new HtmlCharset.Detected(StandardCharsets.UTF_16, 0, false),
        HtmlCharset.detect(utf32, 8, header));
  }

  @Test
  void aPageThatNamesNoCharsetIsUtf8WhenItsBytesAreAndWindows1252WhenNot() {
    byte[] utf8 = "<title>café “q”</title>".getBytes(StandardCharsets.UTF_8);
    HtmlCharset.Decoded decoded = HtmlCharset.decode(utf8, utf8.length, null);
    assertEquals("<title>café “q”</title>", decoded.text());
    assertTrue(decoded.tentative());

    byte[] legacy = "<title>café “q”</title>".getBytes(Charset.forName("windows-1252"));
    decoded = HtmlCharset.decode(legacy, legacy.length, null);
    assertEquals("<title>café “q”</title>", decoded.text());
    assertEquals("windows-1252", decoded.charset().name());

    // A UTF-8 page cut short in the middle of a character (max-body) is still UTF-8.
    byte[] cut = "<title>café</title><p>Ōsaka".getBytes(StandardCharsets.UTF_8);
    decoded = HtmlCharset.decode(cut, cut.length - 5, null);
    assertEquals("UTF-8", decoded.charset().name());
    assertTrue(decoded.text().startsWith("<title>café</title>"), decoded.text());

    // A page that says it is UTF-8 stays UTF-8, its bad bytes replaced, as in browsers.
    decoded = HtmlCharset.decode(legacy, legacy.length, "utf-8");
    assertEquals("<title>caf\uFFFD \uFFFDq\uFFFD</title>", decoded.text());
    assertFalse(decoded.tentative());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "text/html; charset=utf-8|utf-8",
        "charset = 'koi8-r'|koi8-r",
        "text/html; charset=\"euc-jp|NULL",
        "charsetx; charset=gbk;|gbk",
        "text/html|NULL",
      })
  void readsTheCharsetOfAMetaContent(String content, String expected) {
    assertEquals(expected, CharsetPrescan.charsetFromContent(content));
  }
}
