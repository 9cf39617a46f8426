package io.akkacrawler;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a URL admitted to the frontier ended. Every such URL gets exactly one record. */
public enum Outcome {
  /** A response was received and recorded (any HTTP status that is not retried, 4xx included). */
  FETCHED,
  /** Deliberately not fetched or not processed; the record's reason says why. */
  SKIPPED,
  /** No usable response after the last attempt; the record's reason says why. */
  FAILED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
