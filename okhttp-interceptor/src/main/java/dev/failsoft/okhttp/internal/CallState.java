package dev.failsoft.okhttp.internal;

import dev.failsoft.diagnosis.Phase;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Connection;
import okhttp3.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * What one call's interceptor and its event listener share: the phase the current attempt has
 * reached and the thread, if any, waiting between attempts.
 *
 * <p>Written by OkHttp's event callbacks (possibly from its connect threads) and read by the
 * interceptor's thread, hence volatile; no lock is ever taken.
 */
final class CallState {
  /** The phase the current attempt reached; null until an event was seen for it. */
  private volatile @Nullable Phase phase;

  private volatile @Nullable Thread waiter;

  /** The connection the current attempt holds, until OkHttp releases it; null when none. */
  private volatile @Nullable Connection connection;

  /** Forgets the previous attempt's phase. */
  void startAttempt() {
    phase = null;
  }

  /** Records that the attempt reached {@code reached}. */
  void reached(Phase reached) {
    phase = reached;
  }

  /** Records a connection in hand, which says nothing left yet, unless a later phase is known. */
  void connected(Connection acquired) {
    connection = acquired;
    if (phase == null) {
      phase = Phase.CONNECT;
    }
  }

  /** Records that OkHttp released {@code released} from the call. */
  void released(Connection released) {
    if (connection == released) {
      connection = null;
    }
  }

  /**
   * Closes the HTTP/1 connection the failed attempt still holds. OkHttp keeps a call's connection
   * attached to the call until the call ends, and an interceptor has no API to hand it back; a
   * closed socket is the only way not to hold it while waiting. The next attempt then finds it
   * unhealthy and connects afresh, never reusing a connection that went stale meanwhile. HTTP/2
   * connections are shared by other calls and left alone.
   */
  void dropConnection() {
    Connection c = connection;
    connection = null;
    if (c != null && (c.protocol() == Protocol.HTTP_1_1 || c.protocol() == Protocol.HTTP_1_0)) {
      try {
        c.socket().close();
      } catch (IOException ignored) {
        // Already broken: nothing is held either way.
      }
    }
  }

  /** Returns the phase the attempt reached, or null when no event was seen. */
  @Nullable Phase phase() {
    return phase;
  }

  /** Sets or clears the thread that waits between attempts, so cancellation can wake it. */
  void waiter(@Nullable Thread thread) {
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
