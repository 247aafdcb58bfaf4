package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.RetrySafety;
import dev.failsoft.policy.RetryDecision.Reason;
import dev.failsoft.policy.internal.Checks;
import java.time.Duration;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Decides whether and when to retry a failed attempt, from its {@link Diagnosis}.
 *
 * <p>Checks run in this order, the first that refuses wins: attempts used up; failure kind or
 * status not retryable; not safe ({@link Diagnosis#retrySafety()}: a request that may have reached
 * the upstream is repeated only with an idempotent method or an Idempotency-Key, RFC 9110 §9.2.2,
 * or when the server refused it unprocessed, RFC 9113 §8.7); breaker open or host held back;
 * Retry-After beyond the cap; next attempt past the deadline; budget spent. The delay is {@code
 * max(Retry-After, backoff)}, so no retry comes earlier than the upstream asked.
 *
 * <p>Immutable and thread-safe; {@link #decide} takes no lock, changes nothing and allocates little
 * (the decision, its message and its delay). Defaults: maxAttempts {@value #DEFAULT_MAX_ATTEMPTS},
 * full-jitter backoff with base {@value #DEFAULT_BASE_MILLIS} ms and cap {@value
 * #DEFAULT_CAP_SECONDS} s, deadline {@value #DEFAULT_DEADLINE_SECONDS} s, Retry-After cap {@value
 * #DEFAULT_RETRY_AFTER_CAP_SECONDS} s, hold host on Retry-After: {@value
 * #DEFAULT_HOLD_HOST_ON_RETRY_AFTER}; retryable: transient connection-level kinds, and 502/503/504
 * from any responder but the origin. Origin 5xx and 4xx are never retried unless listed with {@link
 * Builder#retryOriginStatus} / {@link Builder#retryStatus}.
 */
public final class RetryPolicy {

  /** The default number of attempts, the first included: {@value}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The default backoff base, in milliseconds: {@value}. */
  public static final long DEFAULT_BASE_MILLIS = 100;

  /** The default backoff cap, in seconds: {@value}. */
  public static final long DEFAULT_CAP_SECONDS = 10;

  /** The default total deadline across attempts, in seconds: {@value}. */
  public static final long DEFAULT_DEADLINE_SECONDS = 30;

  /** The default longest Retry-After honoured, in seconds: {@value}. */
  public static final long DEFAULT_RETRY_AFTER_CAP_SECONDS = 60;

  /** Whether a Retry-After on a 503 or 429 holds the whole host back by default: {@value}. */
  public static final boolean DEFAULT_HOLD_HOST_ON_RETRY_AFTER = true;

  /** How the backoff delay grows. */
  public enum Backoff {
    /** {@code random(0, min(cap, base·2^(n-1)))} (AWS "full jitter", Envoy, gRPC). */
    FULL_JITTER,
    /** {@code min(cap, random(base, previous·3))} (AWS "decorrelated jitter"). */
    DECORRELATED_JITTER
  }

  private final int maxAttempts;
  private final Backoff backoff;
  private final long baseNanos;
  private final long capNanos;
  private final long deadlineNanos;
  private final long retryAfterCapNanos;
  private final boolean holdHostOnRetryAfter;
  private final Set<FailureKind> kinds;
  private final BitSet hopStatuses;
  private final BitSet originStatuses;
  private final DoubleSupplier random;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.baseNanos = b.base.toNanos();
    this.capNanos = b.cap.toNanos();
    this.deadlineNanos = b.deadline.toNanos();
    this.retryAfterCapNanos = b.retryAfterCap.toNanos();
    this.holdHostOnRetryAfter = b.holdHostOnRetryAfter;
    this.kinds = EnumSet.copyOf(b.kinds);
    this.hopStatuses = (BitSet) b.hopStatuses.clone();
    this.originStatuses = (BitSet) b.originStatuses.clone();
    this.random = b.random;
  }

  /**
   * Returns the policy with every default.
   *
   * @return a new policy
   */
  public static RetryPolicy ofDefaults() {
    return builder().build();
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the maximum number of attempts, first included.
   *
   * @return 1 to 100
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the total deadline across all attempts and delays.
   *
   * @return the deadline, positive
   */
  public Duration deadline() {
    return Duration.ofNanos(deadlineNanos);
  }

  /**
   * Returns whether a Retry-After on a 503 or 429 holds the whole host back.
   *
   * @return the {@link Builder#holdHostOnRetryAfter} setting
   */
  public boolean holdsHostOnRetryAfter() {
    return holdHostOnRetryAfter;
  }

  /**
   * Same as {@link #decide(Diagnosis, int, Duration, Duration, RetryBudget, CircuitBreaker)} with
   * no previous delay, an {@linkplain RetryBudget#unlimited() unlimited} budget and {@linkplain
   * CircuitBreaker#none() no breaker}.
   *
   * @param diagnosis what went wrong
   * @param attempt the attempt that failed, 1-based; absurd values give up
   * @param elapsed time since the first attempt started; negative counts as zero
   * @return the decision
   * @throws NullPointerException if an argument is null
   */
  public RetryDecision decide(Diagnosis diagnosis, int attempt, Duration elapsed) {
    return decide(
        diagnosis, attempt, elapsed, Duration.ZERO, RetryBudget.unlimited(), CircuitBreaker.none());
  }

  /**
   * Decides what to do after attempt number {@code attempt} (1 = first) failed. A pure decision: it
   * reads the budget and the breaker but changes neither; the caller applies what the decision asks
   * with {@link RetryDecision#applyTo(RetryBudget, CircuitBreaker)}.
   *
   * <p>When the policy holds hosts on Retry-After and the diagnosis is a 503 or 429 carrying one,
   * the decision asks, whatever its action, that the host be held back for the (capped) hint
   * ({@link RetryDecision#holdHostFor()}); the call that received it waits it out itself. A
   * decision to retry charges one retry to the budget ({@link RetryDecision#chargesRetryBudget()});
   * one the budget cannot afford is refused here.
   *
   * @param diagnosis what went wrong
   * @param attempt the attempt that failed, 1-based; absurd values give up
   * @param elapsed time since the first attempt started; negative counts as zero
   * @param previousDelay the delay before the failed attempt (decorrelated jitter uses it); zero or
   *     negative means the base
   * @param budget the host's retry budget ({@link RetryBudget#unlimited()} for none)
   * @param breaker the host's breaker ({@link CircuitBreaker#none()} for none)
   * @return the decision: {@link RetryDecision.Action#RETRY}, {@link RetryDecision.Action#GIVE_UP}
   *     or, when the breaker refuses, {@link RetryDecision.Action#FAIL_FAST}
   * @throws NullPointerException if an argument is null
   */
  public RetryDecision decide(
      Diagnosis diagnosis,
      int attempt,
      Duration elapsed,
      Duration previousDelay,
      RetryBudget budget,
      CircuitBreaker breaker) {
    requireNonNull(diagnosis, "diagnosis");
    requireNonNull(elapsed, "elapsed");
    requireNonNull(previousDelay, "previousDelay");
    requireNonNull(budget, "budget");
    requireNonNull(breaker, "breaker");
    long elapsedNanos = elapsed.isNegative() ? 0 : saturatedNanos(elapsed);
    long hint = diagnosis.retryAfter().map(RetryPolicy::saturatedNanos).orElse(-1L);
    int status = diagnosis.status().orElse(0);
    // The call that received the Retry-After waits it out itself (its delay is at least the hint);
    // the hold is for every other call to the host, so it must not fail this one fast.
    Duration hold =
        hint >= 0 && holdsOn(status)
            ? Duration.ofNanos(Math.min(hint, retryAfterCapNanos))
            : Duration.ZERO;
    return choose(diagnosis, attempt, elapsedNanos, previousDelay, budget, breaker, hint)
        .holdingHostFor(hold);
  }

  /** The action and its reason; {@link #decide} adds the hold it asks for. */
  private RetryDecision choose(
      Diagnosis diagnosis,
      int attempt,
      long elapsedNanos,
      Duration previousDelay,
      RetryBudget budget,
      CircuitBreaker breaker,
      long hint) {
    int status = diagnosis.status().orElse(0);
    boolean heldByThisAnswer = hint >= 0 && holdsOn(status);
    if (attempt >= maxAttempts || attempt < 1) {
      return RetryDecision.giveUp(
          Reason.ATTEMPTS_EXHAUSTED, "attempt " + attempt + " of " + maxAttempts + " used");
    }
    if (!isRetryable(diagnosis, status)) {
      return RetryDecision.giveUp(
          Reason.NOT_RETRYABLE,
          "policy does not retry "
              + (status > 0 ? status + " " : "")
              + diagnosis.kind().id()
              + " from "
              + diagnosis.responder().id());
    }
    RetrySafety safety = diagnosis.retrySafety();
    if (!safety.isSafe()) {
      return safety == RetrySafety.MAY_HAVE_BEEN_PROCESSED
          ? RetryDecision.giveUp(
              Reason.METHOD_NOT_IDEMPOTENT,
              "request may have been processed; method not idempotent and no Idempotency-Key")
          : RetryDecision.giveUp(
              Reason.REQUEST_ALREADY_SENT, "request was already sent and its method is unknown");
    }
    boolean held = breaker.isHeld();
    if (breaker.state() == CircuitState.OPEN || held && !heldByThisAnswer) {
      // Said as the breaker will be once the decision's own hold, if any, is applied.
      boolean heldAfter = held || heldByThisAnswer && hint > 0 && retryAfterCapNanos > 0;
      return RetryDecision.failFast(
          Reason.BREAKER_OPEN,
          "circuit for " + breaker.key() + (heldAfter ? " held by Retry-After" : " open"));
    }
    if (hint > retryAfterCapNanos) {
      return RetryDecision.giveUp(
          Reason.RETRY_AFTER_TOO_FAR,
          "Retry-After "
              + hint / 1_000_000_000L
              + " s exceeds cap "
              + retryAfterCapNanos / 1_000_000_000L
              + " s");
    }
    long delay = Math.max(hint, backoffNanos(attempt, previousDelay));
    if (elapsedNanos + delay > deadlineNanos) {
      return hint >= 0 && elapsedNanos + hint > deadlineNanos
          ? RetryDecision.giveUp(
              Reason.RETRY_AFTER_TOO_FAR,
              "Retry-After " + hint / 1_000_000L + " ms would pass the deadline")
          : RetryDecision.giveUp(
              Reason.DEADLINE,
              "retry in "
                  + delay / 1_000_000L
                  + " ms would pass the "
                  + deadlineNanos / 1_000_000L
                  + " ms deadline");
    }
    if (budget.remaining() < 1) {
      return RetryDecision.budgetSpent();
    }
    return RetryDecision.retry(
        Duration.ofNanos(delay),
        "attempt " + (attempt + 1) + " of " + maxAttempts + " after " + diagnosis.kind().id());
  }

  /** Whether a Retry-After on this status holds the host back. */
  private boolean holdsOn(int status) {
    return holdHostOnRetryAfter && (status == 503 || status == 429);
  }

  private boolean isRetryable(Diagnosis d, int status) {
    if (status >= 100 && status < 600) {
      return Responder.ORIGIN.equals(d.responder())
          ? originStatuses.get(status)
          : hopStatuses.get(status);
    }
    return kinds.contains(d.kind());
  }

  /** Returns the backoff before attempt {@code attempt + 1}, in nanoseconds. */
  long backoffNanos(int attempt, Duration previousDelay) {
    double u = Math.min(1, Math.max(0, random.getAsDouble()));
    if (backoff == Backoff.DECORRELATED_JITTER) {
      long prev =
          previousDelay.isNegative() || previousDelay.isZero()
              ? baseNanos
              : saturatedNanos(previousDelay);
      double upper = Math.min((double) capNanos, prev * 3.0);
      return (long) Math.min(capNanos, baseNanos + u * Math.max(0, upper - baseNanos));
    }
    int shift = Math.min(attempt - 1, 40);
    double ceiling = Math.min((double) capNanos, baseNanos * Math.pow(2, shift));
    return (long) (u * ceiling);
  }

  private static long saturatedNanos(Duration d) {
    return d.compareTo(Duration.ofDays(365 * 100)) > 0 ? Long.MAX_VALUE / 4 : d.toNanos();
  }

  /** Builds a {@link RetryPolicy}; not thread-safe. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Backoff backoff = Backoff.FULL_JITTER;
    private Duration base = Duration.ofMillis(DEFAULT_BASE_MILLIS);
    private Duration cap = Duration.ofSeconds(DEFAULT_CAP_SECONDS);
    private Duration deadline = Duration.ofSeconds(DEFAULT_DEADLINE_SECONDS);
    private Duration retryAfterCap = Duration.ofSeconds(DEFAULT_RETRY_AFTER_CAP_SECONDS);
    private boolean holdHostOnRetryAfter = DEFAULT_HOLD_HOST_ON_RETRY_AFTER;
    private final EnumSet<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
    private final BitSet hopStatuses = new BitSet(600);
    private final BitSet originStatuses = new BitSet(600);
    private DoubleSupplier random =
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();

    private Builder() {
      for (FailureKind k : FailureKind.values()) {
        if (k.isConnectionLevel() && k.isTransient()) {
          kinds.add(k);
        }
      }
      kinds.add(FailureKind.BAD_GATEWAY);
      kinds.add(FailureKind.SERVICE_UNAVAILABLE);
      kinds.add(FailureKind.GATEWAY_TIMEOUT);
      hopStatuses.set(502, 505);
    }

    /**
     * Sets the attempts including the first. Default: {@value #DEFAULT_MAX_ATTEMPTS}.
     *
     * @param n 1 to 100; 1 means never retry
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is outside 1..100
     */
    public Builder maxAttempts(int n) {
      this.maxAttempts = Checks.range("maxAttempts", n, 1, 100);
      return this;
    }

    /**
     * Sets the backoff shape. Default: {@link Backoff#FULL_JITTER}.
     *
     * @param backoff the shape
     * @return this builder
     * @throws NullPointerException if {@code backoff} is null
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Sets the backoff base. Default: {@value #DEFAULT_BASE_MILLIS} ms.
     *
     * @param base the base delay, positive
     * @return this builder
     * @throws NullPointerException if {@code base} is null
     * @throws IllegalArgumentException if {@code base} is zero or negative
     */
    public Builder base(Duration base) {
      this.base = Checks.positive("base", base);
      return this;
    }

    /**
     * Sets the backoff cap, the longest delay backoff alone produces. Default: {@value
     * #DEFAULT_CAP_SECONDS} s.
     *
     * @param cap the cap, positive; {@link #build()} rejects one below the base
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code cap} is zero or negative
     */
    public Builder cap(Duration cap) {
      this.cap = Checks.positive("cap", cap);
      return this;
    }

    /**
     * Sets the total time across attempts that no retry's delay may overrun. Default: {@value
     * #DEFAULT_DEADLINE_SECONDS} s.
     *
     * @param deadline the deadline, positive
     * @return this builder
     * @throws NullPointerException if {@code deadline} is null
     * @throws IllegalArgumentException if {@code deadline} is zero or negative
     */
    public Builder deadline(Duration deadline) {
      this.deadline = Checks.positive("deadline", deadline);
      return this;
    }

    /**
     * Sets the longest Retry-After honoured; a longer one gives up at once. Default: {@value
     * #DEFAULT_RETRY_AFTER_CAP_SECONDS} s.
     *
     * @param cap the cap, zero or more; zero gives up on any positive Retry-After
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder retryAfterCap(Duration cap) {
      requireNonNull(cap, "retryAfterCap");
      if (cap.isNegative()) {
        throw new IllegalArgumentException("retryAfterCap: " + cap + " (expected: >= 0)");
      }
      this.retryAfterCap = cap;
      return this;
    }

    /**
     * Sets whether a Retry-After on a 503 or 429 holds the whole host back: the decisions ask for
     * it ({@link RetryDecision#holdHostFor()}), and {@link RetryDecision#applyTo} holds the host
     * through its breaker. Default: {@value #DEFAULT_HOLD_HOST_ON_RETRY_AFTER}.
     *
     * @param hold whether to hold the host
     * @return this builder
     */
    public Builder holdHostOnRetryAfter(boolean hold) {
      this.holdHostOnRetryAfter = hold;
      return this;
    }

    /**
     * Also retries failures of this kind that carry no status (exceptions). Default: the transient
     * connection-level kinds, {@link FailureKind#BAD_GATEWAY}, {@link
     * FailureKind#SERVICE_UNAVAILABLE} and {@link FailureKind#GATEWAY_TIMEOUT}.
     *
     * @param kind the kind to add
     * @return this builder
     * @throws NullPointerException if {@code kind} is null
     */
    public Builder retryKind(FailureKind kind) {
      kinds.add(requireNonNull(kind, "kind"));
      return this;
    }

    /**
     * Also retries this status when a hop, not the origin, produced it. Default: 502, 503, 504.
     *
     * @param status 100 to 599, for example 429
     * @return this builder
     * @throws IllegalArgumentException if {@code status} is outside 100..599
     */
    public Builder retryStatus(int status) {
      hopStatuses.set(Checks.range("status", status, 100, 599));
      return this;
    }

    /**
     * Also retries this status when the origin produced it. Default: none.
     *
     * @param status 100 to 599, for example 500
     * @return this builder
     * @throws IllegalArgumentException if {@code status} is outside 100..599
     */
    public Builder retryOriginStatus(int status) {
      originStatuses.set(Checks.range("status", status, 100, 599));
      return this;
    }

    /**
     * Sets the uniform [0, 1) source for jitter, for deterministic tests. Default: {@link
     * java.util.concurrent.ThreadLocalRandom}.
     *
     * @param random the source; must be thread-safe if the policy is shared; values outside [0, 1]
     *     are clamped
     * @return this builder
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(DoubleSupplier random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Returns the policy with the settings made so far.
     *
     * @return an immutable, thread-safe policy
     * @throws IllegalArgumentException if the cap is below the base
     */
    public RetryPolicy build() {
      if (cap.compareTo(base) < 0) {
        throw new IllegalArgumentException("cap: " + cap + " (expected: >= base " + base + ")");
      }
      return new RetryPolicy(this);
    }
  }
}
