package dev.failsoft.cli.internal;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a size as people type it: {@code 65536}, {@code 64KiB}, {@code 64MiB}, {@code 1GiB} ({@code
 * K}, {@code M}, {@code G} and the {@code KB} spellings mean the same binary units); negative,
 * fractional-byte, over 1 TiB and malformed values are usage errors.
 */
final class ByteSizes implements ITypeConverter<Long> {
  private static final long MAX = 1L << 40;

  @Override
  public Long convert(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    int unit = 0;
    while (unit < v.length() && Character.isDigit(v.charAt(unit))) {
      unit++;
    }
    long shift =
        switch (v.substring(unit).strip()) {
          case "", "B" -> 0;
          case "K", "KB", "KIB" -> 10;
          case "M", "MB", "MIB" -> 20;
          case "G", "GB", "GIB" -> 30;
          default -> -1;
        };
    if (unit == 0 || unit > 13 || shift < 0) {
      throw new TypeConversionException(
          "'" + value + "' is not a size (expected: like 65536, 64KiB, 64MiB or 1GiB)");
    }
    long n = Long.parseLong(v.substring(0, unit));
    if (n > MAX >> shift) {
      throw new TypeConversionException("'" + value + "' (expected: at most 1 TiB)");
    }
    return n << shift;
  }
}
