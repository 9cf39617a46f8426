package io.akkacrawler.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** Parses an HTTP Retry-After value: delay-seconds or an HTTP-date (RFC 9110, 10.2.3). */
public final class RetryAfter {
  /** IMF-fixdate, then the obsolete RFC 850 and asctime forms that recipients must accept. */
  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss zzz")
              .toFormatter(Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
              .withZone(ZoneOffset.UTC));

  private RetryAfter() {}

  /** The delay in milliseconds from {@code now}, 0 for a date in the past, -1 when unusable. */
  public static long millis(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Math.multiplyExact(Long.parseLong(v), 1000L);
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        return Long.MAX_VALUE;
      }
    }
    for (DateTimeFormatter format : HTTP_DATES) {
      try {
        Instant at = ZonedDateTime.parse(v, format).toInstant();
        return Math.max(0, Duration.between(now, at).toMillis());
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return -1;
  }
}
