package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.policy.RetryDecision;
import java.time.Duration;

/**
 * The outcome of one failed attempt of a call: its diagnosis, how long it took, and what Failsoft
 * decided next (retry after a delay, or give up) with the reason.
 *
 * <p>Immutable and thread-safe.
 *
 * @param number the attempt's number, from 1
 * @param diagnosis what went wrong in this attempt
 * @param duration how long the attempt took, from sending to the failure
 * @param decision what followed, with its reason: core's retry policy's decision, or the adapter's
 *     own when the call was canceled, its body is one-shot, or the call timeout is near
 */
public record Attempt(int number, Diagnosis diagnosis, Duration duration, RetryDecision decision) {

  /**
   * Checks the components.
   *
   * @param number the attempt's number, from 1
   * @param diagnosis what went wrong in this attempt
   * @param duration how long the attempt took, from sending to the failure
   * @param decision what followed, with its reason
   * @throws NullPointerException if a reference component is null
   * @throws IllegalArgumentException if {@code number} is below 1
   */
  public Attempt {
    if (number < 1) {
      throw new IllegalArgumentException("number: " + number + " (expected: >= 1)");
    }
    requireNonNull(diagnosis, "diagnosis");
    requireNonNull(duration, "duration");
    requireNonNull(decision, "decision");
  }

  /**
   * Returns the attempt as one line for logs.
   *
   * @return for example {@code attempt 1 (12 ms): failure at client: connection_refused ... ->
   *     retry in 80 ms: ...}
   */
  @Override
  public String toString() {
    return "attempt "
        + number
        + " ("
        + duration.toMillis()
        + " ms): "
        + diagnosis.summary()
        + " -> "
        + decision;
  }
}
