package dev.failsoft.okhttp.internal;

import dev.failsoft.diagnosis.Diagnosis;

/**
 * The retry plan used until core's retry policy is wired in: retry what the diagnosis calls
 * retryable, up to a number of attempts, after the upstream's Retry-After or a doubling backoff.
 */
public final class BasicRetryPlan implements RetryPlan {
  private final int maxAttempts;
  private final long backoffNanos;

  /** Creates the plan; arguments are validated by the caller's builder. */
  public BasicRetryPlan(int maxAttempts, long backoffNanos) {
    this.maxAttempts = maxAttempts;
    this.backoffNanos = backoffNanos;
  }

  @Override
  public Next after(int attempt, Diagnosis diagnosis, long elapsedNanos) {
    if (!diagnosis.retryable()) {
      return Next.stop(diagnosis.retryReason());
    }
    if (attempt >= maxAttempts) {
      return Next.stop("no attempts left (" + attempt + " of " + maxAttempts + ")");
    }
    long delay = diagnosis.retryAfter()
        .map(d -> d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : d.toNanos())
        .orElseGet(() -> backoffNanos << Math.min(attempt - 1, 20));
    return new Next(true, delay, diagnosis.retryReason());
  }
}
