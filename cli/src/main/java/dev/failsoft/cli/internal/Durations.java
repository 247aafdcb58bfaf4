package dev.failsoft.cli.internal;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a span of time as people type it: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 2h},
 * {@code 1d}, or a bare number of seconds; negative, absurd (over a year) and malformed values are
 * usage errors.
 */
final class Durations implements ITypeConverter<Duration> {
  private static final double MAX_MILLIS = 365 * 86_400_000.0;

  @Override
  public Duration convert(String value) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    int unit = 0;
    while (unit < v.length() && (Character.isDigit(v.charAt(unit)) || v.charAt(unit) == '.')) {
      unit++;
    }
    try {
      double n = Double.parseDouble(v.substring(0, unit));
      double millis = switch (v.substring(unit)) {
        case "ms" -> n;
        case "", "s" -> n * 1000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        case "d" -> n * 86_400_000;
        default -> throw new NumberFormatException();
      };
      if (!(millis >= 0 && millis <= MAX_MILLIS)) {
        throw new TypeConversionException("'" + value + "' (expected: 0 to 365 days)");
      }
      return Duration.ofMillis(Math.round(millis));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (expected: like 500ms, 2s, 1m, 2h or 1d)");
    }
  }
}
