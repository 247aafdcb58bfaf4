package dev.failsoft.event;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.policy.RetryDecision;

/**
 * Receives Failsoft's events: attempts, retry decisions, breaker state changes, stale copies
 * served and diagnoses. Every method has a no-op default, so implement only what you need.
 *
 * <p>Methods are called on the calling thread, on the hot path: keep them fast and thread-safe.
 * An exception thrown by a listener wrapped with {@link #guarded} is logged and swallowed; it
 * never breaks a call. Failsoft wraps every listener it is given.
 */
public interface FailsoftListener {

  /** A listener that ignores every event. */
  FailsoftListener NONE = new FailsoftListener() {};

  /** An attempt (1 = first) to {@code key} is about to be sent. */
  default void onAttempt(String key, int attempt) {}

  /** Attempt {@code attempt} failed and another is scheduled per {@code decision}. */
  default void onRetryScheduled(String key, int attempt, RetryDecision decision) {}

  /** Attempt {@code attempt} failed and will not be retried; {@code decision} says why. */
  default void onRetryDenied(String key, int attempt, RetryDecision decision) {}

  /** The breaker for {@code key} moved from {@code from} to {@code to}. */
  default void onCircuitStateChange(String key, CircuitState from, CircuitState to) {}

  /** A stale stored copy was served for {@code key} because of {@code reason}. */
  default void onStaleServed(String key, String reason) {}

  /** A failure to {@code key} was diagnosed. */
  default void onDiagnosis(String key, Diagnosis diagnosis) {}

  /**
   * Returns {@code listener} wrapped so that its exceptions are logged (slf4j, WARN) and never
   * propagate. Wrapping twice returns the same wrapper.
   */
  static FailsoftListener guarded(FailsoftListener listener) {
    requireNonNull(listener, "listener");
    return listener instanceof GuardedListener || listener == NONE
        ? listener
        : new GuardedListener(listener);
  }
}
