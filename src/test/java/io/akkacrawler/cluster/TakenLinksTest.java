package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TakenLinksTest {
  private final TakenLinks links = new TakenLinks();

  @Test
  void linksTheCoordinatorAdmittedAreNotSentAgain() {
    List<String> first = List.of("http://a.test/1", "http://a.test/2");
    assertEquals(first, links.unsent(1, first));
    links.answered(1, true);
    assertEquals(
        List.of("http://a.test/3"),
        links.unsent(2, List.of("http://a.test/1", "http://a.test/3", "http://a.test/2")));
  }

  @Test
  void linksOfAnAnswerNotAdmittedOrNotYetAnsweredAreSentAgain() {
    List<String> refused = List.of("http://a.test/1", "http://a.test/2");
    assertEquals(refused, links.unsent(1, refused));
    List<String> next = List.of("http://a.test/2", "http://a.test/3");
    assertEquals(next, links.unsent(2, next));
    links.answered(1, false); // the coordinator took answer 1 without its links
    List<String> all = List.of("http://a.test/1", "http://a.test/2", "http://a.test/3");
    assertEquals(all, links.unsent(3, all), "answer 2 has no receipt yet");
    links.answered(2, true); // only the links of the answer it admitted are known from now on
    assertEquals(List.of("http://a.test/1"), links.unsent(4, all));
    links.answered(2, true); // a receipt that comes twice changes nothing
    assertEquals(List.of("http://a.test/1"), links.unsent(5, all));
  }

  @Test
  void anAnswerSentAgainSendsWhatIsStillUnknownAndItsReceiptCountsForThat() {
    List<String> page = List.of("http://a.test/1", "http://a.test/2", "http://a.test/3");
    assertEquals(page, links.unsent(1, page));
    assertEquals(List.of("http://a.test/3"), links.unsent(2, List.of("http://a.test/3")));
    links.answered(2, true);
    // Answer 1 goes again (no receipt in time): 3 is known by now, so it is left out.
    assertEquals(List.of("http://a.test/1", "http://a.test/2"), links.unsent(1, page));
    links.answered(1, true);
    assertEquals(List.of(), links.unsent(3, List.of("http://a.test/2", "http://a.test/1")));
  }

  @Test
  void manyLinksAreAllRememberedAndUnansweredOnesForgottenBeyondABound() {
    List<String> many = IntStream.range(0, 5_000).mapToObj(i -> "http://a.test/p" + i).toList();
    assertEquals(many, links.unsent(1, many));
    links.answered(1, true);
    // A direct-mapped cache of 65,536 slots: 5,000 links may collide a little, never wrongly drop.
    List<String> again = links.unsent(2, many);
    assertTrue(again.size() < 250, "most are known: " + again.size());
    // Answers that never get a receipt are forgotten beyond MAX_PENDING: the first of them
    // counts for nothing when its receipt comes at last.
    for (int i = 0; i <= TakenLinks.MAX_PENDING; i++) {
      links.unsent(100 + i, List.of("http://b.test/" + i));
    }
    links.answered(100, true);
    links.answered(101, true);
    assertEquals(List.of("http://b.test/0"), links.unsent(9, List.of("http://b.test/0")));
    assertEquals(List.of(), links.unsent(10, List.of("http://b.test/1")));
  }
}
