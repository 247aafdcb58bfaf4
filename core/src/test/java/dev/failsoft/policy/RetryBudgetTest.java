package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.RetrySafety;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void allowsTwentyPercentOfRecentRequests() {
    RetryBudget budget = RetryBudget.builder().minRetriesPerSecond(0).ticker(ticker).build();
    for (int i = 0; i < 100; i++) {
      budget.recordRequest();
    }
    int granted = 0;
    while (budget.tryAcquireRetry()) {
      granted++;
    }
    assertThat(granted).isEqualTo(20);
    assertThat(budget.remaining()).isZero();
  }

  @Test
  void aConfigKeepsItsSettingsWhenTheBuilderChanges() {
    RetryBudget.Builder original = RetryBudget.builder().minRetriesPerSecond(0).ticker(ticker);
    RetryBudget.Config config = original.config();
    original.ratio(1);

    RetryBudget budget = RetryBudget.of(config, ticker);
    for (int i = 0; i < 10; i++) {
      budget.recordRequest();
    }
    int granted = 0;
    while (budget.tryAcquireRetry()) {
      granted++;
    }
    assertThat(granted).isEqualTo(2);
  }

  @Test
  void theUnlimitedBudgetNeverRefuses() {
    RetryBudget unlimited = RetryBudget.unlimited();
    unlimited.recordRequest();
    for (int i = 0; i < 10_000; i++) {
      assertThat(unlimited.tryAcquireRetry()).isTrue();
    }
    assertThat(unlimited.remaining()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void letsAQuietClientRetryThroughTheFloor() {
    RetryBudget budget = RetryBudget.ofDefaults();
    RetryBudget faked = RetryBudget.builder().ticker(ticker).build();
    assertThat(budget.tryAcquireRetry()).isTrue();
    int granted = 0;
    while (faked.tryAcquireRetry()) {
      granted++;
    }
    assertThat(granted).isEqualTo(10); // 1/s over the 10 s window
  }

  @Test
  void forgetsRequestsOlderThanTheWindow() {
    RetryBudget budget = RetryBudget.builder().minRetriesPerSecond(0).ticker(ticker).build();
    for (int i = 0; i < 50; i++) {
      budget.recordRequest();
    }
    assertThat(budget.remaining()).isEqualTo(10);
    ticker.advance(Duration.ofSeconds(11));
    assertThat(budget.remaining()).isZero();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void holdsUpstreamAttemptsToOnePointTwoTimesRequestsInAFullOutage() {
    Diagnosis outage =
        Diagnosis.builder(FailureKind.CONNECTION_REFUSED)
            .phase(Phase.CONNECT)
            .responder(Responder.CLIENT)
            .retrySafety(RetrySafety.NOT_SENT)
            .build();
    RetryPolicy policy = RetryPolicy.builder().random(() -> 0.5).build();
    RetryBudget budget = RetryBudget.builder().ticker(ticker).build();
    int requests = 5_000;
    long withBudget = 0;
    long withoutBudget = 0;
    for (int r = 0; r < requests; r++) {
      ticker.advance(Duration.ofMillis(2)); // 500 requests/s for 10 s
      budget.recordRequest();
      withBudget += attempts(policy, outage, budget);
      withoutBudget += attempts(policy, outage, RetryBudget.unlimited());
    }
    assertThat(withoutBudget).isEqualTo(3L * requests);
    assertThat(withBudget).isLessThanOrEqualTo((long) (1.2 * requests));
    assertThat(withBudget).isGreaterThan(requests);
  }

  private static int attempts(RetryPolicy policy, Diagnosis d, RetryBudget budget) {
    int attempt = 1;
    while (policy
        .decide(d, attempt, Duration.ZERO, Duration.ZERO, budget, CircuitBreaker.none())
        .applyTo(budget, CircuitBreaker.none())
        .shouldRetry()) {
      attempt++;
    }
    return attempt;
  }

  @Test
  void rejectsAbsurdConfiguration() {
    assertThatThrownBy(() -> RetryBudget.builder().ratio(-1))
        .hasMessage("ratio: -1.0 (expected: 0..10)");
    assertThatThrownBy(() -> RetryBudget.builder().ratio(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryBudget.builder().window(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
