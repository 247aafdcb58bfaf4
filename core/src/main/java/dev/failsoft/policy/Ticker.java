package dev.failsoft.policy;

/**
 * A monotonic nanosecond time source, injected so that tests drive time by hand.
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
}
