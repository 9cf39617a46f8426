package io.akkacrawler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetaRefreshTest {
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          0; url=next.html               | next.html
          0;URL=next.html                | next.html
          5 ; Url = /docs/               | /docs/
          0, url=next.html               | next.html
          0 url=next.html                | next.html
          3;url='a b.html' ignored       | a b.html
          3;url="quoted.html              | quoted.html
          0.5; url=half.html             | half.html
          .5;url=dot.html                | dot.html
          0; next.html                   | next.html
          0;'single.html'                | single.html
          0; urn:x                       | urn:x
          0; url                         | url
          0; url next.html               | url next.html
          `  7;   url=http://a.test/x`   | http://a.test/x
          """)
  void readsTheUrlAsBrowsersDo(String content, String url) {
    assertEquals(url, MetaRefresh.url(content));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"5", "5;", "  10 , ", "0; url=", "0; url=''"})
  void aRefreshWithoutUrlIsOneOfThePageItself(String content) {
    assertEquals("", MetaRefresh.url(content));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "  ", "soon; url=x.html", "5url=x.html", "-1; url=x.html"})
  void findsNoRefreshWhereThereIsNone(String content) {
    assertNull(MetaRefresh.url(content));
  }
}
