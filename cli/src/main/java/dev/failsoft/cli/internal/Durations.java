package dev.failsoft.cli.internal;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a span of time as people type it: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 2h}, {@code
 * 1d}, or a bare number of seconds — the same forms the filter's init-params take; negative, absurd
 * (over a year) and malformed values are usage errors.
 */
final class Durations implements ITypeConverter<Duration> {
  private static final Duration MAX = Duration.ofDays(365);

  @Override
  public Duration convert(String value) {
    Duration d;
    try {
      d = dev.failsoft.internal.Durations.parse("duration", value.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (expected: like 500ms, 2s, 1m, 2h or 1d)");
    }
    if (d.compareTo(MAX) > 0) {
      throw new TypeConversionException("'" + value + "' (expected: 0 to 365 days)");
    }
    return d;
  }
}
