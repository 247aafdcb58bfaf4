package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What to do after a failed attempt, and why: the value every caller acts on and logs.
 *
 * <p>A decision is a value: {@link RetryPolicy#decide} changes nothing. What the decision asks of
 * the host's state — a token from its {@link RetryBudget} ({@link #chargesRetryBudget()}) and a
 * hold on the host after a Retry-After ({@link #holdHostFor()}) — the caller applies with {@link
 * #applyTo(RetryBudget, CircuitBreaker)} once it acts on the decision.
 *
 * @param action what to do now
 * @param delay how long to wait before the next attempt; {@link Duration#ZERO} unless {@code
 *     action} is {@link Action#RETRY}
 * @param reason the machine-readable reason
 * @param detail one sentence for people and logs
 * @param chargesRetryBudget whether acting on the decision takes one retry from the host's budget
 *     (true for every {@link Action#RETRY} made by {@link #retry})
 * @param holdHostFor how long every other call to the host is to be held back, from now, through
 *     its breaker ({@link CircuitBreaker#holdFor}); {@link Duration#ZERO} holds nothing
 */
public record RetryDecision(
    Action action,
    Duration delay,
    Reason reason,
    String detail,
    boolean chargesRetryBudget,
    Duration holdHostFor) {

  /** What the caller should do. */
  public enum Action {
    /** Send the request again after {@link #delay()}. */
    RETRY,
    /** Stop and report the failure. */
    GIVE_UP,
    /** Do not contact the upstream at all (breaker open or host held back). */
    FAIL_FAST,
    /** Stop retrying and serve a stored copy instead (RFC 5861 stale-if-error). */
    SERVE_STALE
  }

  /** Why the decision was taken. */
  public enum Reason {
    /** The failure is retryable, safe, and budget, breaker and deadline allow it. */
    RETRYABLE,
    /** The policy does not retry this failure kind or status. */
    NOT_RETRYABLE,
    /** The request may have been processed and has no idempotent method or Idempotency-Key. */
    METHOD_NOT_IDEMPOTENT,
    /** The request was already sent and it is unknown whether repeating it is safe. */
    REQUEST_ALREADY_SENT,
    /** The host's retry budget is used up. */
    BUDGET_EXHAUSTED,
    /** The host's circuit breaker is open (or the host is held back by a Retry-After). */
    BREAKER_OPEN,
    /** The next attempt would overrun the total deadline. */
    DEADLINE,
    /** The upstream asked to wait longer than the policy's Retry-After cap or the deadline. */
    RETRY_AFTER_TOO_FAR,
    /** All attempts are used. */
    ATTEMPTS_EXHAUSTED
  }

  /**
   * Validates the components.
   *
   * @param action what to do now
   * @param delay how long to wait before the next attempt; {@link Duration#ZERO} unless {@code
   *     action} is {@link Action#RETRY}
   * @param reason the machine-readable reason
   * @param detail one sentence for people and logs
   * @param chargesRetryBudget whether acting on the decision takes one retry from the budget
   * @param holdHostFor how long to hold the host back; {@link Duration#ZERO} holds nothing
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code delay} or {@code holdHostFor} is negative
   */
  public RetryDecision {
    requireNonNull(action, "action");
    requireNonNull(delay, "delay");
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
    requireNonNull(holdHostFor, "holdHostFor");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
    }
    if (holdHostFor.isNegative()) {
      throw new IllegalArgumentException("holdHostFor: " + holdHostFor + " (expected: >= 0)");
    }
  }

  /**
   * Creates a decision that charges no budget and holds no host.
   *
   * @param action what to do now
   * @param delay how long to wait before the next attempt
   * @param reason the machine-readable reason
   * @param detail one sentence for people and logs
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public RetryDecision(Action action, Duration delay, Reason reason, String detail) {
    this(action, delay, reason, detail, false, Duration.ZERO);
  }

  /**
   * Returns a decision to retry after {@code delay}, for reason {@link Reason#RETRYABLE}; it
   * charges one retry to the host's budget.
   *
   * @param delay the wait before the next attempt, zero or more
   * @param detail one sentence for people and logs
   * @return the decision
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static RetryDecision retry(Duration delay, String detail) {
    return new RetryDecision(Action.RETRY, delay, Reason.RETRYABLE, detail, true, Duration.ZERO);
  }

  /**
   * Returns a decision not to retry.
   *
   * @param reason why
   * @param detail one sentence for people and logs
   * @return the decision, with a zero delay
   * @throws NullPointerException if an argument is null
   */
  public static RetryDecision giveUp(Reason reason, String detail) {
    return new RetryDecision(Action.GIVE_UP, Duration.ZERO, reason, detail);
  }

  /**
   * Returns a decision not to contact the upstream at all.
   *
   * @param reason why
   * @param detail one sentence for people and logs
   * @return the decision, with a zero delay
   * @throws NullPointerException if an argument is null
   */
  public static RetryDecision failFast(Reason reason, String detail) {
    return new RetryDecision(Action.FAIL_FAST, Duration.ZERO, reason, detail);
  }

  /**
   * Returns this decision asking, in addition, that the host be held back for {@code hold}.
   *
   * @param hold how long to hold the host back from now; zero holds nothing
   * @return a copy with {@link #holdHostFor()} set
   * @throws NullPointerException if {@code hold} is null
   * @throws IllegalArgumentException if {@code hold} is negative
   */
  public RetryDecision holdingHostFor(Duration hold) {
    return new RetryDecision(action, delay, reason, detail, chargesRetryBudget, hold);
  }

  /**
   * Applies what this decision asks of the host's state, once the caller acts on it: holds the host
   * back through {@code breaker} when {@link #holdHostFor()} is positive, and takes a retry from
   * {@code budget} when {@link #chargesRetryBudget()}. The budget may have been spent by other
   * calls since the decision was taken; the retry is then not made.
   *
   * @param budget the host's retry budget ({@link RetryBudget#unlimited()} for none)
   * @param breaker the host's breaker ({@link CircuitBreaker#none()} for none)
   * @return this decision, or a {@link Action#GIVE_UP} for {@link Reason#BUDGET_EXHAUSTED} (with
   *     the same hold) when the budget refused the retry
   * @throws NullPointerException if an argument is null
   */
  public RetryDecision applyTo(RetryBudget budget, CircuitBreaker breaker) {
    requireNonNull(budget, "budget");
    requireNonNull(breaker, "breaker");
    if (!holdHostFor.isZero()) {
      breaker.holdFor(holdHostFor);
    }
    if (chargesRetryBudget && !budget.tryAcquireRetry()) {
      return budgetSpent().holdingHostFor(holdHostFor);
    }
    return this;
  }

  /** The decision when the host's retry budget allows no more retries. */
  static RetryDecision budgetSpent() {
    return giveUp(Reason.BUDGET_EXHAUSTED, "retry budget for host spent");
  }

  /**
   * Returns whether the caller should send the request again.
   *
   * @return true for {@link Action#RETRY}
   */
  public boolean shouldRetry() {
    return action == Action.RETRY;
  }

  /**
   * Returns this decision turned into {@link Action#SERVE_STALE} when it does not retry and a
   * stored copy may be served; the reason is kept so logs still say why. A retry stays a retry.
   *
   * @return this decision when it retries, else a {@link Action#SERVE_STALE} copy
   */
  public RetryDecision orServeStale() {
    return action == Action.RETRY
        ? this
        : new RetryDecision(Action.SERVE_STALE, Duration.ZERO, reason, detail, false, holdHostFor);
  }

  /**
   * Returns the decision as one line for logs, for example {@code retry in 80 ms: attempt 2 of 3
   * after connection_refused}.
   *
   * @return the line
   */
  @Override
  public String toString() {
    return action == Action.RETRY
        ? "retry in " + delay.toMillis() + " ms: " + detail
        : action.name().toLowerCase(java.util.Locale.ROOT) + " (" + reason + "): " + detail;
  }
}
