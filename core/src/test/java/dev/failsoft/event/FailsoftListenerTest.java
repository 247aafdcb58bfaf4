package dev.failsoft.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.policy.CircuitState;
import dev.failsoft.policy.RetryDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailsoftListenerTest {

  private static final RetryDecision DENIED =
      RetryDecision.giveUp(RetryDecision.Reason.BUDGET_EXHAUSTED, "retry budget for host spent");

  @Test
  void aGuardedListenerSwallowsWhateverItsDelegateThrows() {
    List<String> seen = new ArrayList<>();
    FailsoftListener broken =
        new FailsoftListener() {
          @Override
          public void onAttempt(String key, int attempt) {
            seen.add(key + "#" + attempt);
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onRetryDenied(String key, int attempt, RetryDecision decision) {
            throw new StackOverflowError();
          }
        };
    FailsoftListener guarded = FailsoftListener.guarded(broken);
    assertThatCode(
            () -> {
              guarded.onAttempt("api", 1);
              guarded.onRetryDenied("api", 1, DENIED);
            })
        .doesNotThrowAnyException();
    assertThat(seen).containsExactly("api#1");
    assertThat(FailsoftListener.guarded(guarded)).isSameAs(guarded);
  }

  @Test
  void theSlf4jListenerLogsEveryEventWithoutThrowing() {
    FailsoftListener log = FailsoftListener.guarded(new Slf4jListener());
    Diagnosis d = Diagnosis.builder(FailureKind.CONNECTION_REFUSED).build();
    assertThatCode(
            () -> {
              log.onAttempt("api", 1);
              log.onRetryScheduled(
                  "api", 1, RetryDecision.retry(Duration.ofMillis(40), "attempt 2 of 3"));
              log.onRetryDenied("api", 2, DENIED);
              log.onCircuitStateChange("api", CircuitState.CLOSED, CircuitState.OPEN);
              log.onStaleServed("api", "breaker open");
              log.onDiagnosis("api", d);
            })
        .doesNotThrowAnyException();
    assertThat(DENIED.toString())
        .isEqualTo("give_up (BUDGET_EXHAUSTED): retry budget for host spent");
  }
}
