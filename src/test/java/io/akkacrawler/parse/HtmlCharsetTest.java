package io.akkacrawler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
        "<!DOCTYPE html><html><head><META CHARSET=\"Shift_JIS\">|Shift_JIS",
        "<meta http-equiv=Content-Type content='text/html; charset=euc-jp'>|EUC-JP",
        "<meta content=\"text/html;charset=koi8-r\" http-equiv=\"content-type\">|KOI8-R",
        "<meta http-equiv=refresh content='0; charset=koi8-r'>|UTF-8",
        "<meta name=x content='text/html; charset=koi8-r'>|UTF-8",
        "<meta charset=latin1>|windows-1252",
        "<meta charset=us-ascii>|windows-1252",
        "<meta charset=utf-16le>|UTF-8",
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
        new HtmlCharset.Detected(StandardCharsets.UTF_8, 3), HtmlCharset.detect(utf8, 6, header));
    byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, '<', 0};
    assertEquals(
        new HtmlCharset.Detected(StandardCharsets.UTF_16, 0), HtmlCharset.detect(utf16, 4, header));
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
    assertEquals(expected, HtmlCharset.charsetFromContent(content));
  }
}
