package io.akkacrawler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageContentTest {
  private static PageContent.Capped text(String html, long max) {
    return PageContent.text(Jsoup.parse(html).body(), max);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "<p>Hello   <b>world</b></p>|Hello world",
        "<p>one</p><p>two</p>|one two",
        "a<br>b|a b",
        "<div>  lead&#10;&#9; and  trail  </div>|lead and trail",
        "x<script>var s = 'hidden';</script>y|xy",
        "<style>p { color: red }</style>shown|shown",
        "<noscript>Enable JavaScript</noscript>visible|visible",
        "<template><p>later</p></template>now|now",
        "<ul><li>a</li><li>b</li></ul>|a b",
        "caf&eacute;&nbsp;&nbsp;bar|café bar",
        "<p></p>|\"\"",
      })
  void visibleTextCollapsesWhitespaceAndLeavesOutScriptsAndStyles(String html, String expected) {
    PageContent.Capped t = text(html, 0);
    assertEquals(expected, t.value());
    assertFalse(t.truncated());
  }

  @Test
  void textIsCutAtTheCapInUtf8Bytes() {
    PageContent.Capped t = text("<p>héllo wörld</p>", 6); // h é(2) l l o = 6 bytes
    assertEquals("héllo", t.value());
    assertTrue(t.truncated());
    assertEquals("héllo wörld", text("<p>héllo wörld</p>", 13).value());
    assertFalse(text("<p>héllo wörld</p>", 13).truncated());
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String emoji = "a\uD83D\uDE00b"; // a 😀 b: 1 + 4 + 1 bytes
    assertEquals("a", text("<p>" + emoji + "</p>", 4).value());
    assertEquals("a\uD83D\uDE00", text("<p>" + emoji + "</p>", 5).value());
    assertEquals("a", PageContent.html(emoji, 4).value());
    assertEquals("a\uD83D\uDE00", PageContent.html(emoji, 5).value());
  }

  @ParameterizedTest
  @CsvSource({"0, false", "1000, false", "12, true"})
  void htmlIsKeptAsDecodedUpToTheCap(long max, boolean cut) {
    String html = "<p>Grüße, Welt</p>";
    PageContent.Capped h = PageContent.html(html, max);
    assertEquals(cut, h.truncated());
    if (cut) {
      assertTrue(h.value().getBytes(StandardCharsets.UTF_8).length <= max);
      assertTrue(html.startsWith(h.value()));
    } else {
      assertEquals(html, h.value());
    }
  }
}
