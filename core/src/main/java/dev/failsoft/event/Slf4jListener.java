package dev.failsoft.event;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.policy.RetryDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default listener: logs to slf4j logger {@code dev.failsoft}. DEBUG for each attempt,
 * scheduled retry and diagnosis; WARN once per final failure: a denied retry, a stale copy served
 * in place of a failure (one line with its cause), and each breaker state change. Nothing at INFO:
 * a healthy request logs nothing above DEBUG. Thread-safe and stateless.
 */
public final class Slf4jListener implements FailsoftListener {

  private static final Logger LOG = LoggerFactory.getLogger("dev.failsoft");

  /** Creates the listener. */
  public Slf4jListener() {}

  @Override
  public void onAttempt(String key, int attempt) {
    LOG.debug("failsoft {} attempt {}", key, attempt);
  }

  @Override
  public void onRetryScheduled(String key, int attempt, RetryDecision decision) {
    LOG.debug("failsoft {} attempt {} failed; {}", key, attempt, decision);
  }

  @Override
  public void onRetryDenied(String key, int attempt, RetryDecision decision) {
    LOG.warn("failsoft {} attempt {} failed; no retry: {}", key, attempt, decision);
  }

  @Override
  public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
    LOG.warn("failsoft {} circuit {} -> {}", key, from, to);
  }

  @Override
  public void onStaleServed(String key, String reason) {
    LOG.warn("failsoft {} served stale: {}", key, reason);
  }

  @Override
  public void onDiagnosis(String key, Diagnosis diagnosis) {
    LOG.debug("failsoft {} {}", key, diagnosis.summary());
  }
}
