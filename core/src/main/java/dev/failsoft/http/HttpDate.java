package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Parses and formats HTTP dates (RFC 9110 §5.6.7).
 *
 * <p>{@link #parse} accepts the three forms a recipient must accept — IMF-fixdate ({@code Sun, 06
 * Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and
 * ANSI C's asctime ({@code Sun Nov 6 08:49:37 1994}) — by scanning, without regular expressions.
 * The day name is not checked against the date, as RFC 9110 allows. A two-digit year that would be
 * more than 50 years in the future is taken as the past century's (§5.6.7). Anything else —
 * including out-of-range fields, such as hour 25 or 31 February — yields {@code Optional.empty()},
 * never an exception. {@link #format} always writes IMF-fixdate. Thread-safe.
 */
public final class HttpDate {

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final int MAX_LENGTH = 64;
  private static final long MIN_FORMATTABLE =
      LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long MAX_FORMATTABLE =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

  private HttpDate() {}

  /**
   * Parses an HTTP date in any of the three forms, resolving a two-digit year against the system
   * clock.
   *
   * @param value the text
   * @return the instant, or empty when the value is not an HTTP date
   * @throws NullPointerException if {@code value} is null
   */
  public static Optional<Instant> parse(String value) {
    return parse(value, Instant.now());
  }

  /**
   * Parses an HTTP date, resolving a two-digit RFC 850 year relative to {@code now}; empty when the
   * value is not an HTTP date.
   *
   * @param value the text
   * @param now the instant a two-digit year is resolved against
   * @return the instant, or empty when the value is not an HTTP date
   * @throws NullPointerException if an argument is null
   */
  public static Optional<Instant> parse(String value, Instant now) {
    requireNonNull(value, "value");
    requireNonNull(now, "now");
    String s = value.strip();
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int comma = s.indexOf(',');
    if (comma == 3) {
      return imfFixdate(s);
    }
    if (comma > 3) {
      try {
        return rfc850(s, comma, now);
      } catch (DateTimeException e) {
        // A "now" beyond LocalDateTime's range (Instant.MAX) has no century to resolve against.
        return Optional.empty();
      }
    }
    return asctime(s);
  }

  /**
   * Formats an instant as an IMF-fixdate, truncating to whole seconds. IMF-fixdate has a four-digit
   * year, so an instant before year 0000 or after 9999 is clamped to the first or last second it
   * can express.
   *
   * @param instant the instant to format
   * @return the IMF-fixdate, 29 characters
   * @throws NullPointerException if {@code instant} is null
   */
  public static String format(Instant instant) {
    requireNonNull(instant, "instant");
    long seconds = Math.max(MIN_FORMATTABLE, Math.min(MAX_FORMATTABLE, instant.getEpochSecond()));
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(29);
    out.append(DAYS[t.getDayOfWeek().getValue() - 1]).append(", ");
    two(out, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
    int year = t.getYear();
    if (year < 1000) {
      out.append(year < 10 ? "000" : year < 100 ? "00" : "0");
    }
    out.append(year).append(' ');
    two(out, t.getHour()).append(':');
    two(out, t.getMinute()).append(':');
    two(out, t.getSecond()).append(" GMT");
    return out.toString();
  }

  private static StringBuilder two(StringBuilder out, int n) {
    return out.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }

  // "Sun, 06 Nov 1994 08:49:37 GMT"
  private static Optional<Instant> imfFixdate(String s) {
    if (s.length() != 29
        || s.charAt(4) != ' '
        || s.charAt(7) != ' '
        || s.charAt(11) != ' '
        || s.charAt(16) != ' '
        || !s.endsWith(" GMT")) {
      return Optional.empty();
    }
    int day = digits(s, 5, 2);
    int month = month(s, 8);
    int year = digits(s, 12, 4);
    return time(s, 17, year, month, day);
  }

  // "Sunday, 06-Nov-94 08:49:37 GMT"
  private static Optional<Instant> rfc850(String s, int comma, Instant now) {
    int p = comma + 2;
    if (s.length() != p + 22
        || s.charAt(comma + 1) != ' '
        || s.charAt(p + 2) != '-'
        || s.charAt(p + 6) != '-'
        || s.charAt(p + 9) != ' '
        || !s.endsWith(" GMT")) {
      return Optional.empty();
    }
    int day = digits(s, p, 2);
    int month = month(s, p + 3);
    int twoDigitYear = digits(s, p + 7, 2);
    if (twoDigitYear < 0) {
      return Optional.empty();
    }
    int thisYear = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
    int year = (thisYear / 100) * 100 + twoDigitYear;
    if (year > thisYear + 50) {
      year -= 100;
    }
    return time(s, p + 10, year, month, day);
  }

  // "Sun Nov  6 08:49:37 1994"
  private static Optional<Instant> asctime(String s) {
    if (s.length() != 24
        || s.charAt(3) != ' '
        || s.charAt(7) != ' '
        || s.charAt(10) != ' '
        || s.charAt(19) != ' ') {
      return Optional.empty();
    }
    int month = month(s, 4);
    int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
    int year = digits(s, 20, 4);
    return time(s, 11, year, month, day);
  }

  /** Reads "HH:MM:SS" at {@code p} and builds the instant; empty on any bad field. */
  private static Optional<Instant> time(String s, int p, int year, int month, int day) {
    if (s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
      return Optional.empty();
    }
    int hour = digits(s, p, 2);
    int minute = digits(s, p + 3, 2);
    int second = digits(s, p + 6, 2);
    if (year < 0
        || month < 0
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 60) {
      return Optional.empty();
    }
    try {
      // A leap second (60) is read as the next second, which is all an age calculation needs.
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      return Optional.of(t.toInstant(ZoneOffset.UTC).plusSeconds(second == 60 ? 1 : 0));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static int digits(String s, int from, int count) {
    int n = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** Returns the month (1–12) named at {@code from}, or -1. Month names are case-sensitive. */
  private static int month(String s, int from) {
    for (int m = 0; m < 12; m++) {
      if (s.startsWith(MONTHS[m], from)) {
        return m + 1;
      }
    }
    return -1;
  }
}
