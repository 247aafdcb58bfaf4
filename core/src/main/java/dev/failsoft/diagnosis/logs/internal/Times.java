package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;
import static dev.failsoft.diagnosis.logs.internal.Scan.digits;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Scans the timestamp shapes the supported logs use. Local times (nginx, Apache, HAProxy, PHP-FPM,
 * syslog) are read in the clock's zone; a syslog stamp without a year takes the clock's current
 * year, or the previous one when that would put it more than a day in the future (a December line
 * read in January). Every method returns null for anything it cannot read.
 */
public final class Times {
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private Times() {}

  /** {@code 2024/05/01 10:00:00} (nginx). */
  public static Instant slashed(String s, int i, Clock clock) {
    if (!digits(s, i, 4) || at(s, i + 4) != '/' || at(s, i + 7) != '/' || at(s, i + 10) != ' ') {
      return null;
    }
    return local(num(s, i, 4), num(s, i + 5, 2), num(s, i + 8, 2), s, i + 11, clock);
  }

  /** {@code Wed May 01 10:00:00.123456 2024} (Apache); {@code i} at the weekday. */
  public static Instant apache(String s, int i, Clock clock) {
    int month = month(s, i + 4);
    int yearAt = s.indexOf(' ', i + 20);
    if (month < 0 || yearAt < 0 || !digits(s, yearAt + 1, 4)) {
      return null;
    }
    Instant t = local(num(s, yearAt + 1, 4), month, num(s, i + 8, 2), s, i + 11, clock);
    return t == null ? null : t.plusNanos(fraction(s, i + 19));
  }

  /** {@code 01/May/2024:10:00:00.101} (HAProxy accept date). */
  public static Instant haproxy(String s, int i, Clock clock) {
    return dayMonthYear(s, i, '/', ':', clock);
  }

  /** {@code 01-May-2024 10:00:00} (PHP-FPM). */
  public static Instant dashed(String s, int i, Clock clock) {
    return dayMonthYear(s, i, '-', ' ', clock);
  }

  /** {@code DD<sep>Mon<sep>YYYY<timeSep>HH:MM:SS[.fff]} in the clock's zone. */
  private static Instant dayMonthYear(String s, int i, char sep, char timeSep, Clock clock) {
    int month = month(s, i + 3);
    if (month < 0 || at(s, i + 2) != sep || at(s, i + 6) != sep || at(s, i + 11) != timeSep) {
      return null;
    }
    Instant t = local(num(s, i + 7, 4), month, num(s, i, 2), s, i + 12, clock);
    return t == null ? null : t.plusNanos(fraction(s, i + 20));
  }

  /** {@code May 1 10:00:03} (BSD syslog, no year). */
  public static Instant syslog(String s, int i, Clock clock) {
    int month = month(s, i);
    if (month < 0 || at(s, i + 3) != ' ') {
      return null;
    }
    int day = at(s, i + 4) == ' ' ? num(s, i + 5, 1) : num(s, i + 4, 2);
    ZonedDateTime now = ZonedDateTime.now(clock);
    Instant t = local(now.getYear(), month, day, s, i + 7, clock);
    if (t != null && t.isAfter(now.toInstant().plusSeconds(86_400))) {
      t = local(now.getYear() - 1, month, day, s, i + 7, clock);
    }
    return t;
  }

  /**
   * ISO 8601 with an offset: {@code 2024-05-01T10:00:00.101Z}, {@code 2010-10-06T21:51:12-07:00} or
   * gunicorn's {@code 2024-05-01 10:00:30 +0000}.
   */
  public static Instant iso(String s, int i) {
    if (!digits(s, i, 4) || at(s, i + 4) != '-' || at(s, i + 7) != '-') {
      return null;
    }
    char sep = at(s, i + 10);
    if (sep != 'T' && sep != ' ') {
      return null;
    }
    LocalDateTime local = dateTime(num(s, i, 4), num(s, i + 5, 2), num(s, i + 8, 2), s, i + 11);
    if (local == null) {
      return null;
    }
    int j = i + 19;
    long nanos = fraction(s, j);
    if (at(s, j) == '.' || at(s, j) == ',') {
      j++;
      while (Scan.digit(s, j)) {
        j++;
      }
    }
    if (at(s, j) == ' ') {
      j++;
    }
    char z = at(s, j);
    ZoneOffset offset;
    if (z == 'Z') {
      offset = ZoneOffset.UTC;
    } else if ((z == '+' || z == '-') && digits(s, j + 1, 2)) {
      int mm = at(s, j + 3) == ':' ? num(s, j + 4, 2) : num(s, j + 3, 2);
      if (mm < 0 || num(s, j + 1, 2) > 18 || mm > 59) {
        return null;
      }
      int secs = num(s, j + 1, 2) * 3600 + mm * 60;
      offset = ZoneOffset.ofTotalSeconds(z == '-' ? -secs : secs);
    } else {
      return null;
    }
    return local.toInstant(offset).plusNanos(nanos);
  }

  private static Instant local(int y, int mo, int d, String s, int timeAt, Clock clock) {
    LocalDateTime t = dateTime(y, mo, d, s, timeAt);
    return t == null ? null : t.atZone(clock.getZone()).toInstant();
  }

  /** Reads {@code HH:MM:SS} at {@code i} and combines it with the date; null when invalid. */
  private static LocalDateTime dateTime(int y, int mo, int d, String s, int i) {
    if (y < 0 || mo < 0 || d < 0 || at(s, i + 2) != ':' || at(s, i + 5) != ':') {
      return null;
    }
    int h = num(s, i, 2);
    int mi = num(s, i + 3, 2);
    int sec = num(s, i + 6, 2);
    if (h < 0 || mi < 0 || sec < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(y, mo, d, h, mi, sec);
    } catch (DateTimeException e) {
      return null; // 2024/13/45 and the like: a line with a bad stamp keeps no time
    }
  }

  /** Returns the nanoseconds of a {@code .ffffff} fraction starting at {@code i}, else 0. */
  static long fraction(String s, int i) {
    char c = at(s, i);
    if (c != '.' && c != ',') {
      return 0;
    }
    long nanos = 0;
    int n = 0;
    for (int k = i + 1; Scan.digit(s, k) && n < 9; k++, n++) {
      nanos = nanos * 10 + (s.charAt(k) - '0');
    }
    for (; n < 9; n++) {
      nanos *= 10;
    }
    return nanos;
  }

  /** Returns 1..12 for a three-letter English month at {@code i}, else -1. */
  static int month(String s, int i) {
    if (i < 0 || i + 3 > s.length()) {
      return -1;
    }
    for (int m = 0; m < 12; m++) {
      if (s.regionMatches(i, MONTHS, m * 3, 3)) {
        return m + 1;
      }
    }
    return -1;
  }

  private static int num(String s, int i, int n) {
    return digits(s, i, n) ? Integer.parseInt(s, i, i + n, 10) : -1;
  }
}
