package io.akkacrawler.fetch;

import java.util.ArrayList;
import java.util.List;

/**
 * Pages' answers relayed together by one node: one message for many, each taken as if it came
 * alone. {@code pages}: answers with their parsed pages; {@code recorded}: those whose records the
 * node writes.
 */
public record AnswerBatch(List<Fetcher.Fetched> pages, List<NodeParts.Recorded> recorded)
    implements Fetcher.Reply {
  public AnswerBatch {
    pages = List.copyOf(pages);
    recorded = List.copyOf(recorded);
  }

  /** Every answer: the pages', then the recorded ones. */
  public List<Fetcher.Reply> answers() {
    List<Fetcher.Reply> all = new ArrayList<>(pages);
    all.addAll(recorded);
    return all;
  }
}
