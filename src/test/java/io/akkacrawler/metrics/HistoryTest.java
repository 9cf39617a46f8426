package io.akkacrawler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static double[] sample(double v) {
    return new double[] {v, v, 0, 0, v * 10, 1, 0, 0};
  }

  @Test
  void keepsTheWholeSpanAtACoarserGrainWhenFull() {
    History h = new History(8);
    for (int s = 1; s <= 20; s++) {
      h.add(s, sample(s));
    }
    List<?> t = (List<?>) h.toMap().get("t");
    assertEquals(1.0, t.get(0), "the start is kept");
    assertEquals(20.0, t.get(t.size() - 1), "and the latest");
    assertEquals(h.size(), t.size());
    assertEquals(true, h.size() <= 8);
    assertEquals(20.0, ((List<?>) h.toMap().get("records")).get(t.size() - 1));
  }

  @Test
  void aSampleAtTheSameSecondReplacesTheLastAndAnEarlierOneIsIgnored() {
    History h = new History(8);
    h.add(1, sample(1));
    h.add(2, sample(2));
    h.add(2, sample(3));
    h.add(1.5, sample(9));
    assertEquals(List.of(1.0, 2.0), h.toMap().get("t"));
    assertEquals(List.of(1.0, 3.0), h.toMap().get("records"));
  }
}
