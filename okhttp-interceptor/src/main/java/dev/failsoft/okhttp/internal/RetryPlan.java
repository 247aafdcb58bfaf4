package dev.failsoft.okhttp.internal;

import dev.failsoft.diagnosis.Diagnosis;

/** Decides, after a failed attempt, whether to try again and after what delay. */
public interface RetryPlan {

  /**
   * The decision after attempt {@code attempt} failed with {@code diagnosis}.
   *
   * @param retry true to try again
   * @param delayNanos how long to wait first, when retrying
   * @param reason one sentence saying why
   */
  record Next(boolean retry, long delayNanos, String reason) {
    static Next stop(String reason) {
      return new Next(false, 0, reason);
    }
  }

  /** Decides what follows attempt {@code attempt} (from 1), {@code elapsedNanos} into the call. */
  Next after(int attempt, Diagnosis diagnosis, long elapsedNanos);
}
