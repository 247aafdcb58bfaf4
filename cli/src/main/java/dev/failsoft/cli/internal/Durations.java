package dev.failsoft.cli.internal;

import dev.failsoft.config.SettingValues;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a span of time with Failsoft's one setting grammar ({@link SettingValues#duration}): {@code
 * 500ms}, {@code 2s}, {@code 1m}, {@code 2h}, {@code 1d}, or a bare number of seconds — the forms
 * the filter's init-params take; negative, absurd (over a year) and malformed values are usage
 * errors.
 */
final class Durations implements ITypeConverter<Duration> {
  private static final Duration MAX = Duration.ofDays(365);

  @Override
  public Duration convert(String value) {
    try {
      return SettingValues.duration("duration", value, MAX);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
