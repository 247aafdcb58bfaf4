package dev.failsoft.okhttp.internal;

import dev.failsoft.diagnosis.Phase;
import java.util.concurrent.locks.LockSupport;

/**
 * What one call's interceptor and its event listener share: the phase the current attempt has
 * reached and the thread, if any, waiting between attempts.
 *
 * <p>Written by OkHttp's event callbacks (possibly from its connect threads) and read by the
 * interceptor's thread, hence volatile; no lock is ever taken.
 */
final class CallState {
  /** The phase the current attempt reached; null until an event was seen for it. */
  private volatile Phase phase;

  private volatile Thread waiter;

  /** Forgets the previous attempt's phase. */
  void startAttempt() {
    phase = null;
  }

  /** Records that the attempt reached {@code reached}. */
  void reached(Phase reached) {
    phase = reached;
  }

  /** Records a connection in hand, which says nothing left yet, unless a later phase is known. */
  void connected() {
    if (phase == null) {
      phase = Phase.CONNECT;
    }
  }

  /** Returns the phase the attempt reached, or null when no event was seen. */
  Phase phase() {
    return phase;
  }

  /** Sets or clears the thread that waits between attempts, so cancellation can wake it. */
  void waiter(Thread thread) {
    waiter = thread;
  }

  /** Wakes the waiting thread, if any: the call was canceled. */
  void wake() {
    Thread t = waiter;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
