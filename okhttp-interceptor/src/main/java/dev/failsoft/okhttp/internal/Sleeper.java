package dev.failsoft.okhttp.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The time source and the wait between attempts; {@link #SYSTEM} in production, a fake one in tests
 * so that no test sleeps to prove a delay.
 */
public interface Sleeper {

  /** Monotonic time ({@link System#nanoTime()}) and {@link LockSupport#parkNanos(long)}. */
  Sleeper SYSTEM =
      new Sleeper() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void park(long nanos) {
          LockSupport.parkNanos(nanos);
        }
      };

  /** Returns monotonic time in nanoseconds. */
  long nanoTime();

  /**
   * Parks the current thread for up to {@code nanos}; may return early (woken by a cancel, an
   * interrupt or spuriously). Holds no lock and no connection.
   */
  void park(long nanos);
}
