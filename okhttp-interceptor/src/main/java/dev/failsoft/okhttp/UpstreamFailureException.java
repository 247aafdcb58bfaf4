package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import java.io.IOException;
import java.util.List;

/**
 * Thrown when a call fails with an exception after Failsoft has done what it may (retries, stale
 * fallback): carries the final {@link Diagnosis} and every attempt's outcome, with the last
 * attempt's original exception as the {@linkplain #getCause() cause}.
 *
 * <p>An {@link IOException}, so code that catches {@code IOException} around {@code Call.execute()}
 * keeps working. Also thrown while reading a response body, when the upstream fails mid-body (phase
 * {@code response_body}); that failure is not retried, since the response was already handed over.
 * Immutable. Diagnosis and attempts are not serialized: a deserialized instance keeps its message
 * and cause, and returns an {@code unknown} diagnosis whose evidence is that message, and no
 * attempts.
 */
public final class UpstreamFailureException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Diagnosis diagnosis;
  private final transient List<Attempt> attempts;

  /**
   * Creates the exception.
   *
   * @param diagnosis the final diagnosis
   * @param attempts every attempt's outcome, oldest first; may be empty
   * @param cause the last attempt's original exception
   */
  public UpstreamFailureException(Diagnosis diagnosis, List<Attempt> attempts, Throwable cause) {
    super(
        message(requireNonNull(diagnosis, "diagnosis"), requireNonNull(attempts, "attempts")),
        cause);
    this.diagnosis = diagnosis;
    this.attempts = List.copyOf(attempts);
  }

  /**
   * Returns the diagnosis of the failure that ended the call.
   *
   * @return the diagnosis
   */
  public Diagnosis diagnosis() {
    if (diagnosis == null) {
      return Diagnosis.builder(FailureKind.UNKNOWN)
          .evidence(Evidence.of("deserialized", String.valueOf(getMessage())))
          .build();
    }
    return diagnosis;
  }

  /**
   * Returns every attempt's outcome, oldest first.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<Attempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }

  private static String message(Diagnosis diagnosis, List<Attempt> attempts) {
    int n = attempts.size();
    return n <= 1 ? diagnosis.summary() : diagnosis.summary() + " after " + n + " attempts";
  }
}
