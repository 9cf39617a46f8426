package io.akkacrawler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.config.ExtractionRule;
import io.akkacrawler.config.ParseSettings;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.url.UrlNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageParserTest {
  private static final String PAGE = "http://example.com/start/page.html";

  private final UrlNormalizer normalizer = new UrlNormalizer(2048);
  private final PageParser parser = parser(100);

  private PageParser parser(int maxLinks, ExtractionRule... rules) {
    return new PageParser(new ParseSettings(maxLinks, List.of(rules)), normalizer);
  }

  private static byte[] fixture(String name) {
    try (InputStream in = PageParserTest.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ParsedPage parse(PageParser parser, String fixture, String charset) {
    byte[] body = fixture(fixture);
    return parser.parse(body, body.length, charset, PAGE);
  }

  private static ParsedPage parseHtml(PageParser parser, String html) {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    return parser.parse(body, body.length, "UTF-8", PAGE);
  }

  @Test
  void resolvesLinksAgainstBaseHrefInDocumentOrder() {
    ParsedPage page = parse(parser, "links.html", null);
    assertEquals(
        List.of(
            "http://example.com/docs/guide/chapter-1.html",
            "http://example.com/docs/guide/chapter-2.html",
            "http://example.com/docs/api/",
            "http://example.com/search?q=crawler&page=2",
            "http://cdn.example.org/lib.js",
            "https://example.com/Upper",
            "http://example.com/docs/guide/",
            "http://example.com/docs/guide/?page=3",
            "http://example.com/docs/guide/sponsored.html",
            "http://example.com/docs/guide/wrapped.html"),
        page.links());
    assertFalse(page.noindex());
    assertFalse(page.nofollow());
  }

  @Test
  void collapsesTitleWhitespaceAndIgnoresSvgTitles() {
    assertEquals("Links and bases", parse(parser, "links.html", null).title());
    assertEquals("Image map and iframe", parse(parser, "image-map.html", null).title());
    assertNull(parseHtml(parser, "<body><svg><title>An icon</title></svg></body>").title());
    assertEquals("", parseHtml(parser, "<title> </title>").title());
  }

  @Test
  void aTitleLosesOnlyItsAsciiWhitespaceAsDocumentTitleDoes() {
    assertEquals(
        "\u3000Title\u00a0 \u2003x\u2003",
        parseHtml(parser, "<title>\u3000Title&nbsp;\t\n \u2003x\u2003 \r\n</title>").title());
  }

  @Test
  void baseHrefAppliesToLinksBeforeIt() {
    ParsedPage page =
        parseHtml(
            parser,
            "<a href=early.html>early</a><base href='http://other.org/dir/'>"
                + "<base href='/ignored/'><a href=late.html>late</a>");
    assertEquals(
        List.of("http://other.org/dir/early.html", "http://other.org/dir/late.html"), page.links());
  }

  @Test
  void svgAndMathmlElementsNamedBaseIframeAreaOrLinkAreNotTheHtmlOnes() {
    ParsedPage page =
        parseHtml(
            parser,
            "<svg><base href=/svg-base/></base><iframe src=svg-frame.html></iframe>"
                + "<area href=svg-area.html /><link rel=canonical href=/svg-canonical /></svg>"
                + "<math><base href=/math-base/></base></math><a href=x.html>x</a>");
    assertEquals(List.of("http://example.com/start/x.html"), page.links());
    assertNull(page.canonical());
  }

  @Test
  void anSvgLinkIsItsHrefElseItsXlinkHrefAsBrowsersFollowIt() {
    ParsedPage page =
        parseHtml(
            parser,
            "<svg xmlns:xlink='http://www.w3.org/1999/xlink'><a xlink:href=old.html><text>o</text>"
                + "</a><a href=new.html xlink:href=ignored.html><text>n</text></a></svg>"
                + "<a xlink:href=not-html.html>h</a>");
    assertEquals(
        List.of("http://example.com/start/old.html", "http://example.com/start/new.html"),
        page.links());
  }

  @Test
  void unusableBaseHrefFallsBackToThePageUrl() {
    ParsedPage page =
        parseHtml(parser, "<base href='javascript:void(0)'><a href=x.html>x</a><a href=#top>");
    assertEquals(
        List.of("http://example.com/start/x.html", "http://example.com/start/page.html"),
        page.links());
  }

  @Test
  void readsCanonicalFromTheFirstLinkWithThatRelToken() {
    assertEquals(
        "http://example.com/docs/intro.html?b=2&a=1",
        parse(parser, "links.html", null).canonical());
    assertNull(parse(parser, "extract.html", null).canonical());
    assertNull(parseHtml(parser, "<link rel=canonical href='mailto:x@example.com'>").canonical());
  }

  @Test
  void collectsDistinctNonEmptyButtonIdsInOrder() {
    assertEquals(List.of("save", "load-more"), parse(parser, "links.html", null).buttonIds());
  }

  @Test
  void survivesMalformedMarkup() {
    ParsedPage page = parse(parser, "malformed.html", null);
    assertEquals("Malformed & messy", page.title());
    assertEquals(
        List.of(
            "http://example.com/start/unquoted.html",
            "http://example.com/start/single-quoted.html",
            "http://example.com/in-table?a=1&b=2",
            "http://example.com/start/UPPER-CASE-ATTRIBUTE.html",
            "http://example.com/start/deep.html",
            "http://example.com/start/spaced.html",
            "http://example.com/start/after-html-end.html"),
        page.links());
  }

  @Test
  void followsFramesAndIgnoresNoframesContent() {
    assertEquals(
        List.of("http://example.com/start/nav.html", "http://example.com/start/content/main.html"),
        parse(parser, "frames.html", null).links());
  }

  @Test
  void followsImageMapAreasAndIframes() {
    assertEquals(
        List.of(
            "http://example.com/start/area-one.html",
            "http://example.com/area-two.html",
            "https://video.example.net/embed/42",
            "http://example.com/start/after-iframe.html"),
        parse(parser, "image-map.html", null).links());
  }

  @Test
  void followsAMetaRefreshLikeALinkInDocumentOrder() {
    ParsedPage page =
        parseHtml(
            parser,
            "<head><meta http-equiv=Refresh content=\"0; URL='../moved/here.html'\">"
                + "<meta http-equiv=refresh content=30></head><a href=b.html>b</a>");
    assertEquals(
        List.of("http://example.com/moved/here.html", "http://example.com/start/b.html"),
        page.links());
  }

  @Test
  void aRefreshHeaderIsTheFirstLinkOfThePage() {
    byte[] body = "<a href=b.html>b</a>".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        List.of("http://example.com/elsewhere/", "http://example.com/start/b.html"),
        parser.parse(body, body.length, "UTF-8", PAGE, "3; url=/elsewhere/").links());
    assertEquals(
        List.of("http://example.com/start/b.html"),
        parser.parse(body, body.length, "UTF-8", PAGE, "30").links(),
        "a refresh of the page itself is no link");
  }

  @Test
  void onlyTheFirstRefreshCountsAsInABrowser() {
    assertEquals(
        List.of("http://example.com/start/first.html", "http://example.com/start/b.html"),
        parseHtml(
                parser,
                "<meta http-equiv=refresh content='0; url=first.html'>"
                    + "<meta http-equiv=refresh content='0; url=second.html'><a href=b.html>b</a>")
            .links());
    assertEquals(
        List.of(),
        parseHtml(
                parser,
                "<meta http-equiv=refresh content=30>"
                    + "<meta http-equiv=refresh content='0; url=second.html'>")
            .links(),
        "a refresh of the page itself is the first refresh too");
    byte[] body =
        "<meta http-equiv=refresh content='0; url=/meta/'>".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        List.of("http://example.com/header/"),
        parser.parse(body, body.length, "UTF-8", PAGE, "0; url=/header/").links(),
        "the header comes before the page");
    assertEquals(
        List.of(),
        parseHtml(parser, "<meta http-equiv=' refresh ' content='0; url=spaced.html'>").links(),
        "the pragma is matched as it is written");
  }

  @Test
  void aRefreshResolvesAgainstTheBaseFoundBeforeIt() {
    assertEquals(
        List.of("http://example.com/start/target.html", "http://example.com/base/b.html"),
        parseHtml(
                parser,
                "<meta http-equiv=refresh content='0; url=target.html'><base href=/base/>"
                    + "<a href=b.html>b</a>")
            .links());
    assertEquals(
        List.of("http://example.com/base/target.html"),
        parseHtml(
                parser, "<base href=/base/><meta http-equiv=refresh content='0; url=target.html'>")
            .links());
  }

  @Test
  void theContentsOfATemplateAreNotPartOfThePage() {
    ParsedPage page =
        parseHtml(
            parser,
            "<head><template><title>tpl</title><base href=/tpl/>"
                + "<meta http-equiv=refresh content='0; url=/refresh'></template>"
                + "<title>real</title></head><body><template><a href=/in-template>x</a>"
                + "<button id=tbtn></button><div><iframe src=/frame></iframe></div></template>"
                + "<a href=x.html>x</a><button id=real></button></body>");
    assertEquals("real", page.title());
    assertEquals(List.of("http://example.com/start/x.html"), page.links());
    assertEquals(List.of("real"), page.buttonIds());
  }

  @Test
  void hrefsOfOnlyControlsAndSpacesAreThePageButOtherSpacesAreCharacters() {
    assertEquals(
        List.of("http://example.com/start/%E2%80%83"),
        parseHtml(parser, "<a href='&#x1;'>a</a><a href=' \t'>b</a><a href='&#x2003;'>c</a>")
            .links());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "windows-1252, 81, \u0081",
    "windows-1252, 9d, \u009d",
    "windows-1250, 83, \u0083",
    "windows-1251, 98, \u0098",
    "windows-874, 99, \u0099",
    "windows-1255, ca, \u05ba",
    "koi8-u, ae, \u045e",
    "x-mac-cyrillic, ff, \u20ac",
  })
  void readsAndWritesTheBytesOfSingleByteEncodingsAsTheEncodingStandardDoes(
      String label, String hex, String character) {
    byte b = (byte) Integer.parseInt(hex, 16);
    byte[] body =
        replace(
            ("<meta charset=" + label + "><title>a#b</title><a href='/p#.html?q=#'>a</a>")
                .getBytes(StandardCharsets.US_ASCII),
            "#",
            new String(new byte[] {b}, StandardCharsets.ISO_8859_1));
    ParsedPage page = parser.parse(body, body.length, null, PAGE);
    assertEquals("a" + character + "b", page.title());
    StringBuilder utf8 = new StringBuilder();
    for (byte u : character.getBytes(StandardCharsets.UTF_8)) {
      utf8.append(String.format("%%%02X", u & 0xFF));
    }
    assertEquals(
        List.of("http://example.com/p" + utf8 + ".html?q=%" + hex.toUpperCase()), page.links());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"big5", "euc-jp", "gb18030", "gbk", "shift_jis", "euc-kr"})
  void aBadMultiByteSequenceNeverSwallowsTheAsciiByteAfterIt(String label) {
    // A lead byte cut from its trail byte (text cut at a byte count), then a quote and a '<'.
    byte[] body =
        replace(
            ("<meta charset=" + label + "><a title='#' href=x.html>#</a><a href=y.html>y</a>")
                .getBytes(StandardCharsets.US_ASCII),
            "#",
            "\u00a4");
    ParsedPage page = parser.parse(body, body.length, null, PAGE);
    assertEquals(
        List.of("http://example.com/start/x.html", "http://example.com/start/y.html"),
        page.links());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gbk, \u20ac", "gb18030, \u20ac", "shift_jis, \u0080"})
  void readsTheByte80AsTheEncodingStandardDoes(String label, String character) {
    byte[] body =
        replace(
            ("<meta charset=" + label + "><title>a#b</title>").getBytes(StandardCharsets.US_ASCII),
            "#",
            "\u0080");
    assertEquals("a" + character + "b", parser.parse(body, body.length, null, PAGE).title());
  }

  @Test
  void readsTheNecAndIbmCharactersOfEucJpPagesAsBrowsersDo() {
    // ① (0xADA1) and ㈱ (0xADEA) are NEC's row 13, 髙 (0xFCE2) an IBM extension.
    byte[] body =
        replace(
            "<meta charset=euc-jp><title>#</title><a href='/#'>a</a>"
                .getBytes(StandardCharsets.US_ASCII),
            "#",
            "\u00ad\u00a1\u00ad\u00ea\u00fc\u00e2");
    ParsedPage page = parser.parse(body, body.length, null, PAGE);
    assertEquals("\u2460\u3231\u9ad9", page.title());
    assertEquals(List.of("http://example.com/%E2%91%A0%E3%88%B1%E9%AB%99"), page.links());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "gbk, &#x20AC;, %80",
    "gb18030, &#x20AC;, %A2%E3",
    "shift_jis, \u0080, %80",
    "big5, &#x20AC;, %A3%E1",
    "big5, &#xE9;, %26%23233%3B",
    "big5, &#x4E2D;, %A4%A4",
    "euc-jp, &#xE9;, %26%23233%3B",
    "euc-jp, &#x4E2D;, %C3%E6",
  })
  void aQueryIsEncodedAsTheEncodingStandardsEncodersDo(
      String label, String reference, String expected) {
    byte[] body =
        ("<meta charset=" + label + "><a href='/?q=" + reference + "'>a</a>")
            .getBytes(StandardCharsets.ISO_8859_1); // U+0080: the byte 0x80, Shift_JIS's U+0080
    assertEquals(
        List.of("http://example.com/?q=" + expected),
        parser.parse(body, body.length, null, PAGE).links());
  }

  @Test
  void readsAndWritesEucJpsWaveDashAndItsKinAsBrowsersDo() {
    // A1C1 is ～ (U+FF5E) for browsers, 〜 (U+301C) for the JDK; A1BD ―, A1C2 ∥, A1F1 ￠.
    byte[] body =
        replace(
            "<meta charset=euc-jp><title>@</title><a href='/@?q=@&r=&#x301C;&s=&#x2212;'>a</a>"
                .getBytes(StandardCharsets.US_ASCII),
            "@",
            "\u00a1\u00c1\u00a1\u00bd\u00a1\u00c2\u00a1\u00f1");
    ParsedPage page = parser.parse(body, body.length, null, PAGE);
    assertEquals("\uff5e\u2015\u2225\uffe0", page.title());
    assertEquals(
        List.of(
            "http://example.com/%EF%BD%9E%E2%80%95%E2%88%A5%EF%BF%A0"
                + "?q=%A1%C1%A1%BD%A1%C2%A1%F1&r=%26%2312316%3B&s=%A1%DD"),
        page.links());
  }

  @Test
  void aLinksQueryIsEncodedInThePagesEncodingAsBrowsersDo() {
    String html =
        "<meta charset=windows-1251><a href='?q=привет'>a</a><a href='/путь?q=я#ф'>b</a>"
            + "<a href='?q=中'>c</a>";
    byte[] body = html.getBytes(Charset.forName("windows-1251")); // 中 becomes '?'
    body = replace(body, "?q=?", "?q=&#20013;");
    assertEquals(
        List.of(
            "http://example.com/start/page.html?q=%EF%F0%E8%E2%E5%F2",
            "http://example.com/%D0%BF%D1%83%D1%82%D1%8C?q=%FF",
            "http://example.com/start/page.html?q=%26%2320013%3B"),
        parser.parse(body, body.length, null, PAGE).links());

    byte[] sjis = "<a href='?q=日本語'>j</a>".getBytes(Charset.forName("Shift_JIS"));
    assertEquals(
        List.of("http://example.com/start/page.html?q=%93%FA%96{%8C%EA"),
        parser.parse(sjis, sjis.length, "shift_jis", PAGE).links());

    byte[] utf16 = "<a href='?q=я'>u</a>".getBytes(StandardCharsets.UTF_16);
    assertEquals(
        List.of("http://example.com/start/page.html?q=%D1%8F"),
        parser.parse(utf16, utf16.length, null, PAGE).links(),
        "a UTF-16 page's links are UTF-8");
  }

  @Test
  void aMetaCharsetBeyondThePrescanChangesTheEncodingOfAPageThatNamedNone() {
    String html =
        "<html><head><script>"
            + "/* padding */ ".repeat(600)
            + "</script>"
            + "<meta charset=windows-1251><title>мир</title></head>"
            + "<a href='?q=мир'>a</a></html>";
    byte[] body = html.getBytes(Charset.forName("windows-1251"));
    ParsedPage page = parser.parse(body, body.length, null, PAGE);
    assertEquals("мир", page.title());
    assertEquals(List.of("http://example.com/start/page.html?q=%EC%E8%F0"), page.links());
    assertEquals(
        "мир",
        parser.parse(body, body.length, "windows-1251", PAGE).title(),
        "the same page served with its charset");
    assertEquals(
        "\uFFFD\uFFFD\uFFFD",
        parser.parse(body, body.length, "utf-8", PAGE).title(),
        "a header charset is certain: no meta changes it");
  }

  private static byte[] replace(byte[] body, String from, String to) {
    String latin1 = new String(body, StandardCharsets.ISO_8859_1).replace(from, to);
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aRepeatedHrefAndHrefsOfTheSameTargetMakeOneLinkWhereItFirstAppears() {
    ParsedPage page =
        parseHtml(
            parser,
            "<a href=b.html>1</a><a href=a.html>2</a><a href=b.html>3</a><a href=./b.html#x>4</a>"
                + "<a href='javascript:void(0)'>5</a><a href='javascript:void(0)'>6</a>"
                + "<a href=a.html>7</a><a href=c.html>8</a>");
    String dir = PAGE.substring(0, PAGE.lastIndexOf('/') + 1);
    assertEquals(List.of(dir + "b.html", dir + "a.html", dir + "c.html"), page.links());
  }

  @Test
  void capsLinksAfterRemovingDuplicates() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      expected.add("http://example.com/page-" + i + ".html");
    }
    assertEquals(expected, parse(parser(25), "many-links.html", null).links());
    // 60 anchors but only 40 distinct targets.
    assertEquals(40, parse(parser(1000), "many-links.html", null).links().size());
    assertEquals(List.of(), parse(parser(0), "many-links.html", null).links());
  }

  @ParameterizedTest(name = "{0}: noindex={1} nofollow={2} links={3}")
  @CsvSource({
    "robots-nofollow.html, false, true, 0",
    "robots-noindex.html, true, false, 1",
    "robots-none.html, true, true, 0",
    "links.html, false, false, 10",
  })
  void obeysMetaRobots(String fixture, boolean noindex, boolean nofollow, int links) {
    ParsedPage page = parse(parser, fixture, null);
    assertEquals(noindex, page.noindex());
    assertEquals(nofollow, page.nofollow());
    assertEquals(links, page.links().size());
  }

  @Test
  void nofollowPageStillReportsCanonicalAndFields() {
    PageParser withRule = parser(100, new ExtractionRule("heading", "title", null, false));
    ParsedPage page = parse(withRule, "robots-nofollow.html", null);
    assertEquals("https://example.com/canonical-kept", page.canonical());
    assertEquals(List.of("Do not follow"), page.fields().get("heading"));
  }

  @ParameterizedTest(name = "header charset {0}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "NULL",
        "windows-1252",
        "ISO-8859-1",
        "latin1",
        "x-nonsense",
        "'not a charset!'",
        "''"
      })
  void decodesWindows1252PageWhateverTheHeaderSays(String charset) {
    ParsedPage page = parse(parser, "windows-1252.html", charset);
    assertEquals("Caf\u00e9 cr\u00e8me \u2013 \u00a310", page.title());
    assertEquals(List.of("http://example.com/start/men%C3%BC.html"), page.links());
  }

  @Test
  void trustsAValidHeaderCharsetOverMeta() {
    // The header wins over <meta charset>, as in browsers, even when it is wrong.
    assertEquals(
        "Caf\uFFFD cr\uFFFDme \uFFFD \uFFFD10",
        parse(parser, "windows-1252.html", "UTF-8").title());
  }

  @ParameterizedTest(name = "header charset {0}")
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL", "ISO-8859-1", "x-nonsense"})
  void byteOrderMarkWinsOverAnyHeader(String charset) {
    ParsedPage page = parse(parser, "utf8-bom.html", charset);
    assertEquals("\u65e5\u672c\u8a9e \u2014 Gr\u00fc\u00dfe", page.title());
    assertEquals(List.of("http://example.com/start/%C3%BCber/%C3%A4.html"), page.links());
  }

  @Test
  void extractsFieldsByRule() {
    PageParser withRules =
        parser(
            100,
            new ExtractionRule("name", "h1.product-name", null, false),
            new ExtractionRule("price", ".price", null, false),
            new ExtractionRule("tags", "li[data-tag]", "data-tag", true),
            new ExtractionRule("next", "a.next", "href", false),
            new ExtractionRule("contact", "a.contact", "href", false),
            new ExtractionRule("photos", "img.photo", "SRC", true),
            new ExtractionRule("description", "meta[name=description]", "content", false),
            new ExtractionRule("missing", "table.none", null, true));
    ParsedPage page = parse(withRules, "extract.html", null);
    assertEquals(
        Map.of(
            "name", List.of("Blue Widget"),
            "price", List.of("19.99"),
            "tags", List.of("blue", "widget", "blue"),
            "next", List.of("http://example.com/start/page/2?sort=asc"),
            "contact", List.of("mailto:sales@example.com"),
            "photos", List.of("http://example.com/img/blue%20widget.png"),
            "description", List.of("A widget, in blue."),
            "missing", List.of()),
        page.fields());
    assertEquals(
        List.of("name", "price", "tags", "next", "contact", "photos", "description", "missing"),
        List.copyOf(page.fields().keySet()));
  }

  @Test
  void rejectsInvalidSelectorsUpFront() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parser(10, new ExtractionRule("broken", "div[", null, false)));
    assertTrue(e.getMessage().contains("broken"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"empty", "garbage", "garbage-utf16", "nul-bytes"})
  void givesAPageForBodiesThatAreNotHtml(String kind) {
    byte[] body =
        switch (kind) {
          case "empty" -> new byte[0];
          case "nul-bytes" -> new byte[4096];
          default -> {
            byte[] random = new byte[8192];
            new Random(42).nextBytes(random);
            yield random;
          }
        };
    String charset = kind.equals("garbage-utf16") ? "UTF-16" : null;
    ParsedPage page = parser.parse(body, body.length, charset, PAGE);
    assertNull(page.title());
    assertEquals(List.of(), page.links());
    assertNull(page.canonical());
  }

  @Test
  void parsesOnlyTheGivenLength() {
    byte[] body = "<a href=a.html>a</a><a href=b.html>b</a>".getBytes(StandardCharsets.UTF_8);
    ParsedPage page = parser.parse(body, 20, null, PAGE);
    assertEquals(List.of("http://example.com/start/a.html"), page.links());
  }

  @Test
  void parsedPageIsImmutable() {
    ParsedPage page = parse(parser, "links.html", null);
    assertThrows(UnsupportedOperationException.class, () -> page.links().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> page.fields().put("x", List.of()));
  }

  @Test
  void keepsNoContentUnlessAsked() {
    ParsedPage page = parseHtml(parser, "<p>Hi</p>");
    assertNull(page.text());
    assertNull(page.html());
  }

  @Test
  void givesTheVisibleTextOrTheDecodedHtmlWhenAsked() {
    String html =
        "<html><head><title>T</title><style>b{}</style></head><body><h1>Caf\u00e9</h1>"
            + "<script>x()</script><p>one  two</p></body></html>";
    ParsedPage text = parseHtml(contentParser(ParseSettings.Content.TEXT, 0), html);
    assertEquals("Caf\u00e9 one two", text.text());
    assertNull(text.html());
    assertFalse(text.contentTruncated());
    byte[] latin1 = html.getBytes(StandardCharsets.ISO_8859_1);
    ParsedPage source =
        contentParser(ParseSettings.Content.HTML, 0)
            .parse(latin1, latin1.length, "ISO-8859-1", PAGE);
    assertEquals(html, source.html());
    assertNull(source.text());
  }

  @Test
  void cutsTheContentAtItsCapAndSaysSo() {
    ParsedPage page = parseHtml(contentParser(ParseSettings.Content.TEXT, 5), "<p>abcdef ghi</p>");
    assertEquals("abcde", page.text());
    assertTrue(page.contentTruncated());
    ParsedPage html = parseHtml(contentParser(ParseSettings.Content.HTML, 5), "<p>abcdef</p>");
    assertEquals("<p>ab", html.html());
    assertTrue(html.contentTruncated());
  }

  private PageParser contentParser(ParseSettings.Content content, long max) {
    return new PageParser(new ParseSettings(100, List.of(), content, max), normalizer);
  }
}
