package io.akkacrawler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          text/html                               | true
          TEXT/HTML; charset=UTF-8                | true
          ' text/html ;charset=utf-8'             | true
          application/xhtml+xml                   | true
          Application/XHTML+XML; q=0.9            | true
          text/plain                              | false
          text/htmlx                              | false
          application/json                        | false
          text/xml                                | false
          'text/html; charset=koi8-r, text/plain'  | false
          'text/plain, text/html; charset=koi8-r'  | true
          'text/html, */*'                        | true
          ''                                      | false
          NULL                                    | false
          """)
  void recognisesHtmlMediaTypes(String header, boolean html) {
    assertEquals(html, ContentTypes.isHtml(header));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          NULL                      | true
          ''                        | true
          '  ; charset=utf-8'       | true
          html                      | true
          text/                     | true
          unknown/unknown           | true
          application/unknown       | true
          */*                       | true
          text/html                 | false
          text/plain                | false
          application/octet-stream  | false
          """)
  void aHeaderWithoutUsableTypeLeavesTheBodyToSniffing(String header, boolean undefined) {
    assertEquals(undefined, ContentTypes.isUndefined(header));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
          text/html; charset=UTF-8                     | UTF-8
          text/html;charset=windows-1252               | windows-1252
          'text/html; CHARSET="iso-8859-1"'            | iso-8859-1
          text/html; boundary=x; charset = utf-8       | utf-8
          'text/html; charset=''koi8-r'''              | koi8-r
          text/html; format=flowed                     | NULL
          text/html; charset=                          | NULL
          'text/html; charset=""'                      | NULL
          text/html                                    | NULL
          NULL                                         | NULL
          'text/html; charset="windows-1251'           | windows-1251
          text/html; charset=koi8-r, text/html         | koi8-r
          text/html; charset=koi8-r, TEXT/HTML         | koi8-r
          text/html; charset=koi8-r, */*               | koi8-r
          text/html; charset=koi8-r, bogus             | koi8-r
          text/html; charset=koi8-r, text/html; charset=koi8-u | koi8-u
          text/plain, text/html; charset=koi8-r        | koi8-r
          text/html; charset=koi8-r, text/plain        | NULL
          'text/html; charset="koi8-r, x"'             | 'koi8-r, x'
          """)
  void readsTheCharsetParameter(String header, String charset) {
    assertEquals(charset, ContentTypes.charset(header));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          '<!DOCTYPE html><html>'               | true
          '<!doctype HTML>'                     | true
          '<html lang=en>'                      | true
          '\t \f <HTML>'                        | true
          '<head><title>x</title>'              | true
          '<body>'                              | true
          '<!-- generated -->'                  | true
          '<title>x</title>'                    | true
          '<script>1</script>'                  | true
          '<p>text'                             | true
          '<div class=x>'                       | true
          '<a href=x>'                          | true
          '<table>'                             | true
          '<br/>'                               | true
          '<h1>Heading'                         | true
          '<pre>text</pre>'                     | false
          '<abbr>x</abbr>'                      | false
          '<?xml version="1.0"?><rss>'          | false
          '{"json": true}'                      | false
          'plain text <html>'                   | false
          '%PDF-1.7'                            | false
          ''                                    | false
          '<html'                               | false
          """)
  void sniffsHtmlByItsFirstTag(String body, boolean html) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertEquals(html, ContentTypes.looksLikeHtml(bytes, bytes.length));
  }

  @Test
  void sniffingSkipsByteOrderMarks() {
    byte[] utf8 = withBom(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "<html>", "UTF-8");
    byte[] utf16be = withBom(new byte[] {(byte) 0xfe, (byte) 0xff}, " <html>", "UTF-16BE");
    byte[] utf16le = withBom(new byte[] {(byte) 0xff, (byte) 0xfe}, "<!DOCTYPE html>", "UTF-16LE");
    byte[] utf16Text = withBom(new byte[] {(byte) 0xff, (byte) 0xfe}, "hello", "UTF-16LE");
    assertTrue(ContentTypes.looksLikeHtml(utf8, utf8.length));
    assertTrue(ContentTypes.looksLikeHtml(utf16be, utf16be.length));
    assertTrue(ContentTypes.looksLikeHtml(utf16le, utf16le.length));
    assertFalse(ContentTypes.looksLikeHtml(utf16Text, utf16Text.length));
  }

  @Test
  void sniffingLooksOnlyAtTheGivenLengthAndFirstKilobyte() {
    byte[] html = "<html><body>".getBytes(StandardCharsets.US_ASCII);
    assertFalse(ContentTypes.looksLikeHtml(html, 3));
    byte[] late = (" ".repeat(1024) + "<html>").getBytes(StandardCharsets.US_ASCII);
    assertFalse(ContentTypes.looksLikeHtml(late, late.length));
    byte[] justInTime = (" ".repeat(1000) + "<html>").getBytes(StandardCharsets.US_ASCII);
    assertTrue(ContentTypes.looksLikeHtml(justInTime, justInTime.length));
  }

  private static byte[] withBom(byte[] bom, String text, String charset) {
    byte[] body = text.getBytes(Charset.forName(charset));
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    return all;
  }
}
