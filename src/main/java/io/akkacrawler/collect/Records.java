package io.akkacrawler.collect;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.akkacrawler.config.ExtractionRule;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the output record of a job from its terminal result. */
final class Records {
  private Records() {}

  static CrawlRecord of(CrawlJob job, FetchResult r, List<ExtractionRule> rules) {
    ParsedPage page = r instanceof FetchResult.Fetched f ? f.page() : null;
    Outcome outcome;
    if (r instanceof FetchResult.Fetched) {
      outcome = Outcome.FETCHED;
    } else if (r instanceof FetchResult.Skipped) {
      outcome = Outcome.SKIPPED;
    } else {
      outcome = Outcome.FAILED;
    }
    FetchResult.Response response = r.response();
    return new CrawlRecord(
        job.url(),
        job.fetchUrl(),
        outcome,
        r.reasonLabel(),
        response.status() > 0 ? response.status() : null,
        job.depth(),
        job.parent(),
        response.contentType(),
        response.bytes(),
        response.fetchMs(),
        page == null ? null : page.title(),
        page == null ? null : page.canonical(),
        page == null ? List.of() : page.links(),
        page == null ? List.of() : page.buttonIds(),
        page == null ? Map.of() : fields(page.fields(), rules),
        response.truncated(),
        page != null && page.noindex(),
        page != null && page.nofollow(),
        job.attempt(),
        job.redirects(),
        r.detail(),
        page == null ? null : page.text(),
        page == null ? null : page.html(),
        page == null || (page.text() == null && page.html() == null)
            ? null
            : page.contentTruncated());
  }

  /** Single-valued rules become a string (or null), list rules stay lists. */
  private static Map<String, Object> fields(
      Map<String, List<String>> values, List<ExtractionRule> rules) {
    if (rules.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (ExtractionRule rule : rules) {
      List<String> v = values.getOrDefault(rule.name(), List.of());
      fields.put(rule.name(), rule.all() ? v : (v.isEmpty() ? null : v.get(0)));
    }
    return Collections.unmodifiableMap(fields);
  }
}
