package dev.failsoft.webflux;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import org.springframework.web.reactive.function.client.WebClientException;

/**
 * The error a {@code WebClient} call ends with when it failed with an exception after {@link
 * FailsoftExchangeFilterFunction} did what it may (retries, the stale fallback): carries the final
 * {@link Diagnosis} and how many attempts were made, with the last attempt's original exception as
 * the {@linkplain #getCause() cause}. A {@link WebClientException}, so code that handles those
 * keeps working. Immutable.
 */
public final class UpstreamFailureException extends WebClientException {
  private static final long serialVersionUID = 1L;

  private final transient Diagnosis diagnosis;

  /** The number of attempts sent. */
  private final int attempts;

  /**
   * Creates the exception.
   *
   * @param diagnosis the final diagnosis
   * @param attempts the number of attempts made, 0 when none was sent (an open circuit)
   * @param cause the last attempt's original exception
   * @throws NullPointerException if {@code diagnosis} or {@code cause} is null
   */
  public UpstreamFailureException(Diagnosis diagnosis, int attempts, Throwable cause) {
    super(
        message(requireNonNull(diagnosis, "diagnosis"), attempts), requireNonNull(cause, "cause"));
    this.diagnosis = diagnosis;
    this.attempts = attempts;
  }

  /**
   * Returns the diagnosis of the failure that ended the call.
   *
   * @return the diagnosis
   */
  public Diagnosis diagnosis() {
    return diagnosis;
  }

  /**
   * Returns how many attempts were sent.
   *
   * @return 0 or more
   */
  public int attempts() {
    return attempts;
  }

  private static String message(Diagnosis diagnosis, int attempts) {
    return attempts <= 1
        ? diagnosis.summary()
        : diagnosis.summary() + " after " + attempts + " attempts";
  }
}
