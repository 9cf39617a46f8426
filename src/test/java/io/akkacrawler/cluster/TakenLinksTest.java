package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TakenLinksTest {
  private final TakenLinks links = new TakenLinks();

  @Test
  void linksTheCoordinatorTookAreNotSentAgain() {
    List<String> first = List.of("http://a.test/1", "http://a.test/2");
    assertEquals(first, links.unsent(first));
    links.taken();
    assertEquals(
        List.of("http://a.test/3"),
        links.unsent(List.of("http://a.test/1", "http://a.test/3", "http://a.test/2")));
  }

  @Test
  void linksOfAnAnswerNotTakenAreSentAgain() {
    List<String> refused = List.of("http://a.test/1", "http://a.test/2");
    assertEquals(refused, links.unsent(refused)); // the coordinator never took this answer
    List<String> next = List.of("http://a.test/2", "http://a.test/3");
    assertEquals(next, links.unsent(next));
    links.taken(); // only the links of the answer it took are known from now on
    assertEquals(
        List.of("http://a.test/1"),
        links.unsent(List.of("http://a.test/1", "http://a.test/2", "http://a.test/3")));
  }

  @Test
  void manyLinksAreAllRemembered() {
    List<String> many =
        java.util.stream.IntStream.range(0, 500).mapToObj(i -> "http://a.test/p" + i).toList();
    assertEquals(many, links.unsent(many));
    links.taken();
    // A direct-mapped cache of 4,096 slots: 500 links may collide a little, never wrongly drop.
    List<String> again = links.unsent(many);
    assertTrue(again.size() < 50, "most are known: " + again.size());
  }
}
