package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.event.FailsoftListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final FakeTicker ticker = new FakeTicker();
  private final List<String> changes = new ArrayList<>();
  private final CircuitBreaker.Builder builder =
      CircuitBreaker.builder()
          .ticker(ticker)
          .random(() -> 0)
          .listener(
              new FailsoftListener() {
                @Override
                public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
                  changes.add(key + ":" + from + "->" + to);
                }
              });

  private static void call(CircuitBreaker b, Outcome outcome) {
    assertThat(b.tryAcquirePermission()).isTrue();
    b.record(outcome);
  }

  @Test
  void opensAfterFiveConsecutiveGatewayFailures() {
    CircuitBreaker b = builder.build("api");
    for (int i = 0; i < 4; i++) {
      call(b, Outcome.GATEWAY_FAILURE);
    }
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    call(b, Outcome.GATEWAY_FAILURE);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
    assertThat(b.tryAcquirePermission()).isFalse();
    assertThat(changes).containsExactly("api:CLOSED->OPEN");
  }

  @Test
  void aCopiedBuilderKeepsItsSettingsAndListenerWhenTheOriginalChanges() {
    List<String> other = new ArrayList<>();
    CircuitBreaker.Builder copy = builder.copy().consecutiveGatewayFailures(2);
    builder
        .consecutiveGatewayFailures(100)
        .listener(
            new FailsoftListener() {
              @Override
              public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
                other.add(key);
              }
            });

    CircuitBreaker b = copy.build("api");
    call(b, Outcome.GATEWAY_FAILURE);
    call(b, Outcome.GATEWAY_FAILURE);

    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
    assertThat(changes).containsExactly("api:CLOSED->OPEN");
    assertThat(other).isEmpty();
  }

  @Test
  void opensOnFailureRateOnlyOnceTheMinimumCallsAreSeen() {
    CircuitBreaker b = builder.consecutiveGatewayFailures(1000).build("api");
    for (int i = 0; i < 9; i++) {
      call(b, i % 2 == 0 ? Outcome.FAILURE : Outcome.SUCCESS);
    }
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    call(b, Outcome.FAILURE);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void ignoresClientErrorsAndCancellations() {
    CircuitBreaker b = builder.build("api");
    Diagnosis notFound =
        Diagnosis.builder(FailureKind.UNKNOWN).status(404).responder(Responder.ORIGIN).build();
    Diagnosis canceled = Diagnosis.builder(FailureKind.CANCELED).build();
    for (int i = 0; i < 50; i++) {
      call(b, Outcome.of(notFound));
      call(b, Outcome.of(canceled));
    }
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(
            Outcome.of(
                Diagnosis.builder(FailureKind.BAD_GATEWAY)
                    .status(502)
                    .responder(Responder.NGINX)
                    .build()))
        .isEqualTo(Outcome.GATEWAY_FAILURE);
    assertThat(
            Outcome.of(
                Diagnosis.builder(FailureKind.ORIGIN_ERROR)
                    .status(500)
                    .responder(Responder.ORIGIN)
                    .build()))
        .isEqualTo(Outcome.FAILURE);
  }

  @Test
  void halfOpenAdmitsLimitedProbesThenCloses() {
    CircuitBreaker b = builder.build("api");
    b.forceOpen();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).isFalse();
    b.record(Outcome.SUCCESS);
    b.record(Outcome.SUCCESS);
    assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
    b.record(Outcome.SUCCESS);
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(changes)
        .containsExactly("api:CLOSED->OPEN", "api:OPEN->HALF_OPEN", "api:HALF_OPEN->CLOSED");
  }

  @Test
  void staysOpenLongerOnEachRepeatedTripUpToTheCap() {
    CircuitBreaker b = builder.maxOpenDuration(Duration.ofSeconds(12)).build("api");
    b.forceOpen();
    ticker.advance(Duration.ofSeconds(5));
    call(b, Outcome.FAILURE); // probe fails: second trip, 10 s
    ticker.advance(Duration.ofSeconds(9));
    assertThat(b.tryAcquirePermission()).isFalse();
    ticker.advance(Duration.ofSeconds(1));
    call(b, Outcome.GATEWAY_FAILURE); // third trip: 20 s capped at 12 s
    ticker.advance(Duration.ofSeconds(12));
    assertThat(b.tryAcquirePermission()).isTrue();
  }

  @Test
  void jitterShortensTheOpenDurationByAtMostAFifth() {
    CircuitBreaker b = builder.random(() -> 0.999).build("api");
    b.forceOpen();
    ticker.advance(Duration.ofMillis(3_999));
    assertThat(b.tryAcquirePermission()).isFalse();
    ticker.advance(Duration.ofMillis(10));
    assertThat(b.tryAcquirePermission()).isTrue();
  }

  @Test
  void aHealthyProbeLetsAnOpenBreakerProbeAtOnce() {
    CircuitBreaker b = builder.build("api");
    b.forceOpen();
    assertThat(b.tryAcquirePermission()).isFalse();
    b.onHealthyProbe();
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void aThrowingListenerNeverBreaksTheBreaker() {
    CircuitBreaker b =
        CircuitBreaker.builder()
            .ticker(ticker)
            .listener(
                new FailsoftListener() {
                  @Override
                  public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
                    throw new IllegalStateException("boom");
                  }
                })
            .build("api");
    b.forceOpen();
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void registryKeepsOneBreakerPerKeyAndBoundsMemory() {
    HostRegistry<CircuitBreaker> registry = HostRegistry.breakers(builder);
    assertThat(registry.get("a")).isSameAs(registry.get("a"));
    assertThat(registry.get("b")).isNotSameAs(registry.get("a"));
    HostRegistry<RetryBudget> small =
        HostRegistry.of(k -> RetryBudget.ofDefaults(), Duration.ofMinutes(1), 10);
    for (int i = 0; i < 1000; i++) {
      small.get("host" + i);
    }
    assertThat(small.size()).isLessThanOrEqualTo(10);
  }
}
