package dev.failsoft.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Parses spans of time as operators write them — {@code 500ms}, {@code 2s}, {@code 10m} — for the
 * filter's init-params and the command line alike.
 */
public final class Durations {
  private Durations() {}

  /**
   * Parses {@code value}: a whole number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or
   * {@code d}; a bare number means seconds; ISO-8601 ({@code PT2S}) is accepted too.
   *
   * @throws IllegalArgumentException naming {@code name} when the value is not one of these, or is
   *     negative
   */
  public static Duration parse(String name, String value) {
    String v = value.trim();
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return nonNegative(name, value, Duration.parse(v));
      }
      int end = 0;
      while (end < v.length() && Character.isDigit(v.charAt(end))) {
        end++;
      }
      if (end == 0 || end > 12) {
        throw new NumberFormatException();
      }
      long n = Long.parseLong(v.substring(0, end));
      return switch (v.substring(end).trim()) {
        case "ms" -> Duration.ofMillis(n);
        case "", "s" -> Duration.ofSeconds(n);
        case "m", "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" (expected: a duration such as 500ms, 30s, 10m, 1h, 1d)");
    }
  }

  private static Duration nonNegative(String name, String value, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
    return d;
  }
}
