package dev.failsoft.event;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.policy.RetryDecision;

/**
 * Receives Failsoft's events: attempts, retry decisions, breaker state changes, stale copies served
 * and diagnoses. Every method has a no-op default, so implement only what you need.
 *
 * <p>Methods are called on the calling thread, on the hot path: keep them fast and thread-safe. An
 * exception thrown by a listener wrapped with {@link #guarded} is logged and swallowed; it never
 * breaks a call. Failsoft wraps every listener it is given.
 *
 * <p>{@code key} names what the event is about, as the adapter chose it: the OkHttp interceptor
 * uses the upstream's {@code host:port}, the servlet filter the request path, a {@link
 * dev.failsoft.policy.CircuitBreaker} its own key. Arguments are never null.
 */
public interface FailsoftListener {

  /** A listener that ignores every event. */
  FailsoftListener NONE = new FailsoftListener() {};

  /**
   * An attempt to {@code key} is about to be sent.
   *
   * @param key what the call is to
   * @param attempt the attempt number, 1 for the first
   */
  default void onAttempt(String key, int attempt) {}

  /**
   * Attempt {@code attempt} failed and another is scheduled per {@code decision}.
   *
   * @param key what the call is to
   * @param attempt the number of the attempt that failed, from 1
   * @param decision the retry decision, with its delay
   */
  default void onRetryScheduled(String key, int attempt, RetryDecision decision) {}

  /**
   * Attempt {@code attempt} failed and will not be retried; {@code decision} says why.
   *
   * @param key what the call is to
   * @param attempt the number of the attempt that failed, from 1
   * @param decision the denying decision
   */
  default void onRetryDenied(String key, int attempt, RetryDecision decision) {}

  /**
   * The breaker for {@code key} moved from {@code from} to {@code to}.
   *
   * @param key the breaker's key
   * @param from the state before
   * @param to the state after, different from {@code from}
   */
  default void onCircuitStateChange(String key, CircuitState from, CircuitState to) {}

  /**
   * A stale stored copy was served for {@code key} because of {@code reason}.
   *
   * @param key what the request was for
   * @param reason one line saying why the fresh answer was not used
   */
  default void onStaleServed(String key, String reason) {}

  /**
   * A failure to {@code key} was diagnosed.
   *
   * @param key what the call was to
   * @param diagnosis the diagnosis
   */
  default void onDiagnosis(String key, Diagnosis diagnosis) {}

  /**
   * Returns {@code listener} wrapped so that its exceptions are logged (slf4j, WARN) and never
   * propagate. Wrapping twice returns the same wrapper.
   *
   * @param listener the listener to wrap
   * @return the wrapper; {@code listener} itself when it is already wrapped or is {@link #NONE}
   * @throws NullPointerException if {@code listener} is null
   */
  static FailsoftListener guarded(FailsoftListener listener) {
    requireNonNull(listener, "listener");
    return listener instanceof GuardedListener || listener == NONE
        ? listener
        : new GuardedListener(listener);
  }
}
