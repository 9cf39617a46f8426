package io.akkacrawler.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathRepeatsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://h.test/                                  | false
          http://h.test                                   | false
          http://h.test/a/a/                              | false
          http://h.test/a/a/a/                            | true
          http://h.test/a/a/a                             | true
          http://h.test/docs/a/a/a/index.html             | true
          http://h.test/x/y/x/y/                          | false
          http://h.test/x/y/x/y/x/y/                      | true
          http://h.test/docs/x/y/z/x/y/z/x/y/z/p.html     | true
          http://h.test/1/2/3/4/5/6/7/8/1/2/3/4/5/6/7/8/1/2/3/4/5/6/7/8/ | true
          http://h.test/1/2/3/4/5/6/7/8/9/1/2/3/4/5/6/7/8/9/1/2/3/4/5/6/7/8/9/ | false
          http://h.test/tree/main/src/main/java/main/x    | false
          http://h.test/2024/01/01/01-01.html             | false
          http://h.test/a/b/a/c/a/                        | false
          http://h.test/ab/a/a/                           | false
          http://h.test/a/aa/a/                           | false
          http://h.test/x/?q=a/a/a/                       | false
          http://h.test/x/#a/a/a/                         | false
          http://h.test/a/a/?x                            | false
          http://h.test/a/a/a?x                           | true
          http://h.test/a////                             | true
          http://h.test/a%2Fa/a%2Fa/a%2Fa/                | true
          """)
  void findsARunOfSegmentsRepeatedMoreThanTwiceBackToBack(String url, boolean repeats) {
    assertEquals(repeats, PathRepeats.exceed(url, 2));
  }

  @Test
  void theBoundIsHowManyRepeatsAreAllowed() {
    assertFalse(PathRepeats.exceed("http://h.test/a/a/a/", 3));
    assertTrue(PathRepeats.exceed("http://h.test/a/a/a/a/", 3));
    assertTrue(PathRepeats.exceed("http://h.test/a/a/", 1));
    assertFalse(PathRepeats.exceed("http://h.test/a/b/", 1));
  }

  @Test
  void zeroMeansNoBound() {
    assertFalse(PathRepeats.exceed("http://h.test/a/a/a/a/a/a/a/", 0));
  }

  @Test
  void aLongPathIsCheckedToItsEnd() {
    StringBuilder url = new StringBuilder("http://h.test");
    for (int i = 0; url.length() < 4000; i++) {
      url.append('/').append(Integer.toString(i, 36));
    }
    assertFalse(PathRepeats.exceed(url.toString(), 2));
    assertTrue(PathRepeats.exceed(url + "/z/z/z/", 2), "a repeat at the end of 1,000 segments");
  }
}
