package dev.failsoft.policy;

import java.time.Duration;

/**
 * Waits for a retry delay; injected so that tests never really sleep.
 *
 * <p>Implementations must be thread-safe. A zero or negative duration returns at once.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Blocks for {@code delay}.
   *
   * @param delay how long to wait; zero or negative returns at once
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration delay) throws InterruptedException;

  /**
   * Returns the real sleeper, backed by {@link Thread#sleep(long, int)}.
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return delay -> {
      if (delay.isNegative() || delay.isZero()) {
        return;
      }
      long nanos = delay.toNanos();
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    };
  }
}
