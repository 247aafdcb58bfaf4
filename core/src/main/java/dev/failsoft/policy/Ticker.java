package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * A monotonic nanosecond time source for durations, injected so that tests drive time by hand:
 * Failsoft's one seam for measuring time. Every timer reads it — breakers, retry budgets, host
 * registries, retry waits and the expiry of stored copies — while dates (ages, {@code Date}, HTTP
 * dates) come from a {@link Clock}.
 *
 * <p>Values are only meaningful as differences (like {@link System#nanoTime()}); they never go
 * backwards. Implementations must be thread-safe and cheap (called on every decision).
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading.
   *
   * @return nanoseconds from an arbitrary origin
   */
  long nanos();

  /**
   * Returns the system ticker, backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }

  /**
   * Returns a ticker that follows {@code clock}, for a component configured with a clock only: the
   * system ticker when {@code clock} is a system clock, else one reading {@link Clock#millis()} in
   * nanoseconds, so a fake clock moves every timer with it (millisecond resolution; such a ticker
   * goes backwards only if the clock does).
   *
   * @param clock the clock
   * @return a ticker following the clock
   * @throws NullPointerException if {@code clock} is null
   */
  static Ticker fromClock(Clock clock) {
    requireNonNull(clock, "clock");
    if (clock.equals(Clock.system(clock.getZone()))) {
      return system();
    }
    return () -> clock.millis() * 1_000_000L;
  }
}
