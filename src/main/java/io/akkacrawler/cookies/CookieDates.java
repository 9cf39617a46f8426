package io.akkacrawler.cookies;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The cookie-date algorithm of RFC 6265 (section 5.1.1): the lenient parse of an {@code Expires}
 * attribute that browsers use ("Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00
 * GMT", "Wed Oct 21 07:28:00 2015" all parse). Pure.
 */
final class CookieDates {
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private CookieDates() {}

  /** The date in epoch milliseconds, or null when it is not a cookie date. */
  static Long parse(String text) {
    int hour = -1;
    int minute = -1;
    int second = -1;
    int day = -1;
    int month = -1;
    int year = -1;
    for (String token : text.split("[\\x09\\x20-\\x2F\\x3B-\\x40\\x5B-\\x60\\x7B-\\x7E]+")) {
      if (token.isEmpty()) {
        continue;
      }
      int[] time = hour < 0 ? time(token) : null;
      if (time != null) {
        hour = time[0];
        minute = time[1];
        second = time[2];
      } else if (day < 0 && leadingDigits(token, 1, 2) >= 0) {
        day = leadingDigits(token, 1, 2);
      } else if (month < 0 && token.length() >= 3 && monthOf(token) >= 0) {
        month = monthOf(token);
      } else if (year < 0 && leadingDigits(token, 2, 4) >= 0) {
        year = leadingDigits(token, 2, 4);
      }
    }
    if (year >= 70 && year <= 99) {
      year += 1900;
    } else if (year >= 0 && year <= 69) {
      year += 2000;
    }
    if (hour < 0 || day < 1 || day > 31 || month < 0 || year < 1601 || hour > 23) {
      return null;
    }
    if (minute > 59 || second > 59) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month + 1, day, hour, minute, second)
          .toInstant(ZoneOffset.UTC)
          .toEpochMilli();
    } catch (java.time.DateTimeException e) {
      return null; // 31 February
    }
  }

  /** hh:mm:ss with one or two digits each (anything may follow the seconds), or null. */
  private static int[] time(String token) {
    String[] parts = token.split(":", 3);
    if (parts.length != 3) {
      return null;
    }
    int h = exactDigits(parts[0]);
    int m = exactDigits(parts[1]);
    int s = leadingDigits(parts[2], 1, 2);
    return h < 0 || m < 0 || s < 0 ? null : new int[] {h, m, s};
  }

  private static int exactDigits(String s) {
    return s.length() >= 1 && s.length() <= 2 && s.chars().allMatch(Character::isDigit)
        ? Integer.parseInt(s)
        : -1;
  }

  /** The value of {@code min..max} leading ASCII digits not followed by another digit, or -1. */
  private static int leadingDigits(String s, int min, int max) {
    int n = 0;
    while (n < s.length() && s.charAt(n) >= '0' && s.charAt(n) <= '9') {
      n++;
    }
    return n < min || n > max ? -1 : Integer.parseInt(s.substring(0, n));
  }

  private static int monthOf(String token) {
    int i = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT));
    return i % 3 == 0 ? i / 3 : -1;
  }
}
