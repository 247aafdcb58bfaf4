package dev.failsoft.store.redis.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Stops sending commands to a Redis that keeps failing: after {@code failures} failures in a row it
 * opens for {@code openNanos}; then one command is let through as a probe, whose success closes it
 * and whose failure opens it again. Lock-free; time from an injected nanosecond source.
 */
public final class Breaker {
  private final int failures;
  private final long openNanos;
  private final LongSupplier nanoTime;
  private final Runnable onOpen;
  private final AtomicInteger inARow = new AtomicInteger();
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean open;
  private volatile long openUntil;

  public Breaker(int failures, long openNanos, LongSupplier nanoTime, Runnable onOpen) {
    this.failures = failures;
    this.openNanos = openNanos;
    this.nanoTime = nanoTime;
    this.onOpen = onOpen;
  }

  /** Returns true when a command may be sent now; while half-open, true once, for the probe. */
  public boolean allow() {
    if (!open) {
      return true;
    }
    if (nanoTime.getAsLong() - openUntil < 0) {
      return false;
    }
    return probing.compareAndSet(false, true);
  }

  /** Returns true while open and not yet due for a probe; does not take the probe. */
  public boolean isOpen() {
    return open && nanoTime.getAsLong() - openUntil < 0;
  }

  /** Records a command that succeeded. */
  public void success() {
    inARow.set(0);
    if (open) {
      synchronized (this) {
        open = false;
        probing.set(false);
      }
    }
  }

  /** Records a command that failed or timed out. */
  public synchronized void failure() {
    int n = inARow.incrementAndGet();
    if (open) {
      if (probing.compareAndSet(true, false)) {
        openUntil = nanoTime.getAsLong() + openNanos;
      }
    } else if (n >= failures) {
      openUntil = nanoTime.getAsLong() + openNanos;
      open = true;
      probing.set(false);
      onOpen.run();
    }
  }
}
