package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.RetrySafety;
import dev.failsoft.policy.RetryDecision.Action;
import dev.failsoft.policy.RetryDecision.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static Diagnosis refused() {
    return Diagnosis.builder(FailureKind.CONNECTION_REFUSED)
        .phase(Phase.CONNECT)
        .responder(Responder.CLIENT)
        .retrySafety(RetrySafety.NOT_SENT)
        .build();
  }

  private static Diagnosis status(int code, Responder responder, RetrySafety safety) {
    FailureKind kind =
        code == 502
            ? FailureKind.BAD_GATEWAY
            : code == 503
                ? FailureKind.SERVICE_UNAVAILABLE
                : code == 429 ? FailureKind.RATE_LIMITED : FailureKind.ORIGIN_ERROR;
    return Diagnosis.builder(kind).status(code).responder(responder).retrySafety(safety).build();
  }

  private final RetryPolicy policy = RetryPolicy.builder().random(() -> 0.5).build();

  @Test
  void retriesAConnectionRefusalAfterHalfTheFullJitterCeiling() {
    RetryDecision d = policy.decide(refused(), 1, Duration.ZERO);
    assertThat(d.action()).isEqualTo(Action.RETRY);
    assertThat(d.reason()).isEqualTo(Reason.RETRYABLE);
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.decide(refused(), 2, Duration.ZERO).delay())
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void fullJitterNeverExceedsTheCap() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(100).random(() -> 0.999999).build();
    assertThat(p.decide(refused(), 60, Duration.ZERO).delay())
        .isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void decorrelatedJitterStaysBetweenBaseAndThreeTimesThePreviousDelay() {
    RetryPolicy p =
        RetryPolicy.builder()
            .backoff(RetryPolicy.Backoff.DECORRELATED_JITTER)
            .random(() -> 1.0)
            .build();
    RetryDecision d =
        p.decide(
            refused(),
            1,
            Duration.ZERO,
            Duration.ofMillis(200),
            RetryBudget.unlimited(),
            CircuitBreaker.none());
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(600));
    RetryPolicy low =
        RetryPolicy.builder()
            .backoff(RetryPolicy.Backoff.DECORRELATED_JITTER)
            .random(() -> 0.0)
            .build();
    assertThat(low.decide(refused(), 1, Duration.ZERO).delay()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void givesUpWhenAttemptsAreUsedUp() {
    RetryDecision d = policy.decide(refused(), 3, Duration.ZERO);
    assertThat(d.action()).isEqualTo(Action.GIVE_UP);
    assertThat(d.reason()).isEqualTo(Reason.ATTEMPTS_EXHAUSTED);
  }

  @Test
  void neverResendsAPostThatReachedTheUpstreamWithoutAnIdempotencyKey() {
    RetryDecision d =
        policy.decide(
            status(502, Responder.NGINX, RetrySafety.MAY_HAVE_BEEN_PROCESSED), 1, Duration.ZERO);
    assertThat(d.reason()).isEqualTo(Reason.METHOD_NOT_IDEMPOTENT);
    assertThat(
            policy
                .decide(status(502, Responder.NGINX, RetrySafety.IDEMPOTENCY_KEY), 1, Duration.ZERO)
                .shouldRetry())
        .isTrue();
    assertThat(
            policy
                .decide(status(502, Responder.NGINX, RetrySafety.REQUEST_UNKNOWN), 1, Duration.ZERO)
                .reason())
        .isEqualTo(Reason.REQUEST_ALREADY_SENT);
  }

  @Test
  void doesNotRetryAnOrigin500OrA4xxUnlessConfigured() {
    Diagnosis origin500 = status(500, Responder.ORIGIN, RetrySafety.IDEMPOTENT_METHOD);
    assertThat(policy.decide(origin500, 1, Duration.ZERO).reason()).isEqualTo(Reason.NOT_RETRYABLE);
    assertThat(
            policy
                .decide(
                    status(502, Responder.ORIGIN, RetrySafety.IDEMPOTENT_METHOD), 1, Duration.ZERO)
                .reason())
        .isEqualTo(Reason.NOT_RETRYABLE);
    RetryPolicy lenient = RetryPolicy.builder().retryOriginStatus(500).random(() -> 0).build();
    assertThat(lenient.decide(origin500, 1, Duration.ZERO).shouldRetry()).isTrue();
  }

  @Test
  void waitsAtLeastAsLongAsRetryAfterAsks() {
    Diagnosis d =
        status(503, Responder.ENVOY, RetrySafety.IDEMPOTENT_METHOD).toBuilder()
            .retryAfter(Duration.ofSeconds(7))
            .build();
    assertThat(policy.decide(d, 1, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void givesUpAtOnceWhenRetryAfterIsPastTheCapOrTheDeadline() {
    Diagnosis far =
        status(503, Responder.ENVOY, RetrySafety.IDEMPOTENT_METHOD).toBuilder()
            .retryAfter(Duration.ofSeconds(120))
            .build();
    assertThat(policy.decide(far, 1, Duration.ZERO).reason()).isEqualTo(Reason.RETRY_AFTER_TOO_FAR);
    Diagnosis near = far.toBuilder().retryAfter(Duration.ofSeconds(20)).build();
    RetryDecision d = policy.decide(near, 1, Duration.ofSeconds(15));
    assertThat(d.reason()).isEqualTo(Reason.RETRY_AFTER_TOO_FAR);
    assertThat(d.detail()).contains("deadline");
  }

  @Test
  void givesUpWhenTheBackoffWouldOverrunTheDeadline() {
    RetryDecision d = policy.decide(refused(), 1, Duration.ofMillis(29_990));
    assertThat(d.reason()).isEqualTo(Reason.DEADLINE);
  }

  @Test
  void retryAfterOnA503HoldsTheWholeHostBack() {
    FakeTicker ticker = new FakeTicker();
    CircuitBreaker breaker = CircuitBreaker.builder().ticker(ticker).build("api");
    Diagnosis d =
        status(503, Responder.ENVOY, RetrySafety.IDEMPOTENT_METHOD).toBuilder()
            .retryAfter(Duration.ofSeconds(5))
            .build();
    RetryBudget budget = RetryBudget.unlimited();
    RetryDecision own = policy.decide(d, 1, Duration.ZERO, Duration.ZERO, budget, breaker);
    // The decision only asks; nothing is held until the caller applies it.
    assertThat(own.holdHostFor()).isEqualTo(Duration.ofSeconds(5));
    assertThat(breaker.isHeld()).isFalse();
    own = own.applyTo(budget, breaker);
    // The call that got the Retry-After waits it out; every other call is held back meanwhile.
    assertThat(own.action()).isEqualTo(Action.RETRY);
    assertThat(own.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(policy.decide(refused(), 1, Duration.ZERO, Duration.ZERO, budget, breaker).action())
        .isEqualTo(Action.FAIL_FAST);
    ticker.advance(Duration.ofSeconds(5));
    assertThat(breaker.tryAcquirePermission()).isTrue();
    RetryPolicy noHold = RetryPolicy.builder().holdHostOnRetryAfter(false).build();
    CircuitBreaker other = CircuitBreaker.builder().ticker(ticker).build("b");
    noHold.decide(d, 1, Duration.ZERO, Duration.ZERO, budget, other).applyTo(budget, other);
    assertThat(other.tryAcquirePermission()).isTrue();
  }

  @Test
  void deniesWhenTheBudgetIsSpentAndSaysSo() {
    FakeTicker ticker = new FakeTicker();
    RetryBudget budget = RetryBudget.builder().minRetriesPerSecond(0).ticker(ticker).build();
    RetryDecision d =
        policy.decide(refused(), 1, Duration.ZERO, Duration.ZERO, budget, CircuitBreaker.none());
    assertThat(d.reason()).isEqualTo(Reason.BUDGET_EXHAUSTED);
    assertThat(d.orServeStale().action()).isEqualTo(Action.SERVE_STALE);
    assertThat(d.orServeStale().reason()).isEqualTo(Reason.BUDGET_EXHAUSTED);
  }

  @Test
  void decidingChangesNeitherTheBudgetNorTheBreaker() {
    FakeTicker ticker = new FakeTicker();
    RetryBudget budget = RetryBudget.builder().ticker(ticker).build();
    CircuitBreaker breaker = CircuitBreaker.builder().ticker(ticker).build("api");
    Diagnosis busy =
        status(503, Responder.ENVOY, RetrySafety.IDEMPOTENT_METHOD).toBuilder()
            .retryAfter(Duration.ofSeconds(2))
            .build();
    long before = budget.remaining();
    RetryDecision d = policy.decide(busy, 1, Duration.ZERO, Duration.ZERO, budget, breaker);
    assertThat(d.shouldRetry()).isTrue();
    assertThat(d.chargesRetryBudget()).isTrue();
    assertThat(d.holdHostFor()).isEqualTo(Duration.ofSeconds(2));
    assertThat(budget.remaining()).isEqualTo(before);
    assertThat(breaker.isHeld()).isFalse();

    assertThat(d.applyTo(budget, breaker)).isSameAs(d);
    assertThat(budget.remaining()).isEqualTo(before - 1);
    assertThat(breaker.isHeld()).isTrue();
  }

  @Test
  void aRetryTheBudgetCanNoLongerAffordBecomesABudgetRefusal() {
    FakeTicker ticker = new FakeTicker();
    RetryBudget budget = RetryBudget.builder().minRetriesPerSecond(0.1).ticker(ticker).build();
    RetryDecision first =
        policy.decide(refused(), 1, Duration.ZERO, Duration.ZERO, budget, CircuitBreaker.none());
    RetryDecision second =
        policy.decide(refused(), 1, Duration.ZERO, Duration.ZERO, budget, CircuitBreaker.none());
    // Two calls decided on the same last token; the first to apply its decision takes it.
    assertThat(first.applyTo(budget, CircuitBreaker.none()).shouldRetry()).isTrue();
    RetryDecision late = second.applyTo(budget, CircuitBreaker.none());
    assertThat(late.action()).isEqualTo(Action.GIVE_UP);
    assertThat(late.reason()).isEqualTo(Reason.BUDGET_EXHAUSTED);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose, to see it refused
  void refusesNullArgumentsNamingThem() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> policy.decide(refused(), 1, null))
        .withMessage("elapsed");
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(
            () ->
                policy.decide(
                    refused(), 1, Duration.ZERO, Duration.ZERO, null, CircuitBreaker.none()))
        .withMessage("budget");
  }

  @Test
  void absurdInputGetsASaneDecision() {
    assertThat(policy.decide(refused(), Integer.MAX_VALUE, Duration.ofDays(99_999)).reason())
        .isEqualTo(Reason.ATTEMPTS_EXHAUSTED);
    assertThat(policy.decide(refused(), -5, Duration.ZERO).action()).isEqualTo(Action.GIVE_UP);
    assertThat(policy.decide(refused(), 1, Duration.ofSeconds(-10)).shouldRetry()).isTrue();
    Diagnosis huge =
        status(503, Responder.ENVOY, RetrySafety.IDEMPOTENT_METHOD).toBuilder()
            .retryAfter(Duration.ofSeconds(Long.MAX_VALUE))
            .build();
    assertThat(policy.decide(huge, 1, Duration.ZERO).reason())
        .isEqualTo(Reason.RETRY_AFTER_TOO_FAR);
    RetryPolicy weird = RetryPolicy.builder().random(() -> Double.NaN).build();
    assertThat(weird.decide(refused(), 1, Duration.ZERO).delay())
        .isGreaterThanOrEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsBadConfigurationWithAClearMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessage("maxAttempts: 0 (expected: 1..100)");
  }
}
