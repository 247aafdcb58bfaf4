package dev.failsoft.okhttp.internal;

import dev.failsoft.policy.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * The time source and the wait between attempts: {@link #parking(Ticker)} in production, reading
 * the configuration's one {@link Ticker}; a fake one in tests so that no test sleeps to prove a
 * delay.
 */
public interface Sleeper {

  /**
   * Returns a sleeper that reads {@code ticker} and parks the thread for real ({@link
   * LockSupport#parkNanos(long)}).
   */
  static Sleeper parking(Ticker ticker) {
    return new Sleeper() {
      @Override
      public long nanoTime() {
        return ticker.nanos();
      }

      @Override
      public void park(long nanos) {
        LockSupport.parkNanos(nanos);
      }

      @Override
      public boolean parksForReal() {
        return true;
      }
    };
  }

  /** Returns monotonic time in nanoseconds. */
  long nanoTime();

  /**
   * Parks the current thread for up to {@code nanos}; may return early (woken by a cancel, an
   * interrupt or spuriously). Holds no lock and no connection.
   */
  void park(long nanos);

  /**
   * Whether {@link #park} really waits: then a wait also ends once its real duration has passed,
   * whatever {@link #nanoTime()} says, so a ticker that stands still cannot hold a call forever.
   */
  default boolean parksForReal() {
    return false;
  }
}
