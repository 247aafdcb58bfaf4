package dev.failsoft.event;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.policy.RetryDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards to a listener, catching and logging whatever it throws. */
final class GuardedListener implements FailsoftListener {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final FailsoftListener delegate;

  GuardedListener(FailsoftListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onAttempt(String key, int attempt) {
    run(() -> delegate.onAttempt(key, attempt), "onAttempt");
  }

  @Override
  public void onRetryScheduled(String key, int attempt, RetryDecision decision) {
    run(() -> delegate.onRetryScheduled(key, attempt, decision), "onRetryScheduled");
  }

  @Override
  public void onRetryDenied(String key, int attempt, RetryDecision decision) {
    run(() -> delegate.onRetryDenied(key, attempt, decision), "onRetryDenied");
  }

  @Override
  public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
    run(() -> delegate.onCircuitStateChange(key, from, to), "onCircuitStateChange");
  }

  @Override
  public void onStaleServed(String key, String reason) {
    run(() -> delegate.onStaleServed(key, reason), "onStaleServed");
  }

  @Override
  public void onDiagnosis(String key, Diagnosis diagnosis) {
    run(() -> delegate.onDiagnosis(key, diagnosis), "onDiagnosis");
  }

  private void run(Runnable call, String event) {
    try {
      call.run();
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      // A broken listener must never break the call it observes.
      LOG.warn(
          "failsoft listener {} threw in {}; ignored", delegate.getClass().getName(), event, e);
    }
  }
}
