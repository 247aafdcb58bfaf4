package dev.failsoft.cli.internal;

import dev.failsoft.config.SettingValues;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a size with Failsoft's one setting grammar ({@link SettingValues#bytes}): {@code 65536},
 * {@code 64KiB}, {@code 64MiB}, {@code 1GiB} ({@code K}, {@code M}, {@code G} and the {@code KB}
 * spellings mean the same binary units); negative, fractional-byte, over 1 TiB and malformed values
 * are usage errors.
 */
final class ByteSizes implements ITypeConverter<Long> {
  private static final long MAX = 1L << 40;

  @Override
  public Long convert(String value) {
    try {
      return SettingValues.bytes("size", value, MAX);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
