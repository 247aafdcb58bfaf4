package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;

/** The outcome of one call as a {@link CircuitBreaker} counts it. */
public enum Outcome {
  /** The upstream answered (any status it is not blamed for). */
  SUCCESS,
  /** The upstream failed, for example an origin 500. */
  FAILURE,
  /** A gateway failure: 502/503/504 from a hop, or a connection-level failure. */
  GATEWAY_FAILURE,
  /** Not the upstream's fault (a 4xx, a cancellation): not counted at all. */
  IGNORED;

  /**
   * Classifies a diagnosis: cancellations and 4xx (including 429, which holds the host back through
   * Retry-After instead) are ignored; hop 502/503/504 and connection-level failures are gateway
   * failures; everything else is a failure.
   *
   * @param diagnosis the diagnosis of a failed call
   * @return the outcome, never {@link #SUCCESS}
   * @throws NullPointerException if {@code diagnosis} is null
   */
  public static Outcome of(Diagnosis diagnosis) {
    requireNonNull(diagnosis, "diagnosis");
    FailureKind kind = diagnosis.kind();
    if (kind == FailureKind.CANCELED) {
      return IGNORED;
    }
    int status = diagnosis.status().orElse(0);
    if (status >= 400 && status < 500) {
      return IGNORED;
    }
    if (kind.isConnectionLevel()
        || kind == FailureKind.BAD_GATEWAY
        || kind == FailureKind.SERVICE_UNAVAILABLE
        || kind == FailureKind.GATEWAY_TIMEOUT) {
      return GATEWAY_FAILURE;
    }
    if (status >= 502 && status <= 504 && !diagnosis.responder().equals(Responder.ORIGIN)) {
      return GATEWAY_FAILURE;
    }
    return FAILURE;
  }

  /**
   * Returns whether a response with {@code status} is one to diagnose as a failed call rather than
   * hand over as the upstream's answer: any 5xx, and 429 (its Retry-After holds the host back).
   * What a client counts; a server adapter replaces only the statuses its route names (within
   * {@link dev.failsoft.cache.StalePolicy#isErrorStatus}).
   *
   * @param status an HTTP status
   * @return true for 500 to 599 and 429
   */
  public static boolean isFailureStatus(int status) {
    return (status >= 500 && status <= 599) || status == 429;
  }

  /**
   * Returns whether this outcome counts against the upstream.
   *
   * @return true for {@link #FAILURE} and {@link #GATEWAY_FAILURE}
   */
  public boolean isFailure() {
    return this == FAILURE || this == GATEWAY_FAILURE;
  }
}
