package io.akkacrawler;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The one output record of a URL admitted to the frontier; one JSON line in the output file. Keys
 * are written in snake_case ({@code final_url}, {@code button_ids}, ...). Fields that do not apply
 * are null (or empty lists).
 *
 * @param url the admitted URL (normalized)
 * @param finalUrl the URL the record's content came from, after redirects
 * @param outcome fetched, skipped or failed
 * @param reason why it was skipped or failed (null when fetched)
 * @param status the last HTTP status, null when no response came
 * @param depth link distance from the seeds
 * @param parent the page that linked it, null for seeds
 * @param contentType the response's Content-Type header
 * @param bytes body bytes received (as sent on the wire)
 * @param fetchMs milliseconds of the last request
 * @param title the page title
 * @param canonical the page's {@code <link rel=canonical>}, absolute
 * @param links every link of the page, absolute and normalized, in document order
 * @param buttonIds the {@code id} values of the page's {@code <button>} elements
 * @param fields values of the user's extraction rules: a string (or null) for single rules, a list
 *     for rules with {@code all = true}
 * @param truncated the body was cut off by a size cap
 * @param noindex the page asked not to be indexed ({@code <meta name=robots>})
 * @param nofollow the page asked that its links not be followed
 * @param attempts requests made for the final URL (retries included)
 * @param redirects the redirect targets followed, in order
 * @param error details of a failure
 * @param text the page's visible text, with {@code --content text} (absent from the JSON otherwise)
 * @param html the page's decoded HTML, with {@code --content html} (absent from the JSON otherwise)
 * @param contentTruncated the text or HTML was cut at {@code max-content} (absent without content)
 */
public record CrawlRecord(
    String url,
    String finalUrl,
    Outcome outcome,
    String reason,
    Integer status,
    int depth,
    String parent,
    String contentType,
    long bytes,
    long fetchMs,
    String title,
    String canonical,
    List<String> links,
    List<String> buttonIds,
    Map<String, Object> fields,
    boolean truncated,
    boolean noindex,
    boolean nofollow,
    int attempts,
    List<String> redirects,
    String error,
    @JsonInclude(JsonInclude.Include.NON_NULL) String text,
    @JsonInclude(JsonInclude.Include.NON_NULL) String html,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean contentTruncated) {

  /** A record without page content. */
  public CrawlRecord(
      String url,
      String finalUrl,
      Outcome outcome,
      String reason,
      Integer status,
      int depth,
      String parent,
      String contentType,
      long bytes,
      long fetchMs,
      String title,
      String canonical,
      List<String> links,
      List<String> buttonIds,
      Map<String, Object> fields,
      boolean truncated,
      boolean noindex,
      boolean nofollow,
      int attempts,
      List<String> redirects,
      String error) {
    this(
        url,
        finalUrl,
        outcome,
        reason,
        status,
        depth,
        parent,
        contentType,
        bytes,
        fetchMs,
        title,
        canonical,
        links,
        buttonIds,
        fields,
        truncated,
        noindex,
        nofollow,
        attempts,
        redirects,
        error,
        null,
        null,
        null);
  }
}
