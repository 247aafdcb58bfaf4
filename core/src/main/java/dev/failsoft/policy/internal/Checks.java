package dev.failsoft.policy.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Argument checks shared by the policy builders; messages read "name: value (expected: …)". */
public final class Checks {

  private Checks() {}

  /** Returns {@code value} when it lies in [min, max], else throws IllegalArgumentException. */
  public static int range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  /** Returns {@code d} when it is positive, else throws IllegalArgumentException. */
  public static Duration positive(String name, Duration d) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
