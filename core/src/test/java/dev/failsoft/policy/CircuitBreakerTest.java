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
  private final FailsoftListener recording =
      new FailsoftListener() {
        @Override
        public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
          changes.add(key + ":" + from + "->" + to);
        }
      };
  private final CircuitBreaker.Builder builder =
      CircuitBreaker.builder().ticker(ticker).random(() -> 0).listener(recording);

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
  void aConfigKeepsItsSettingsWhenTheBuilderChangesAndBreakersReportToTheirOwnListener() {
    List<String> other = new ArrayList<>();
    CircuitBreaker.Config config = builder.consecutiveGatewayFailures(2).config();
    builder
        .consecutiveGatewayFailures(100)
        .listener(
            new FailsoftListener() {
              @Override
              public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
                other.add(key);
              }
            });

    CircuitBreaker b = CircuitBreaker.of("api", config, ticker, recording);
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
    HostRegistry<CircuitBreaker> registry =
        HostRegistry.breakers(builder.config(), ticker, recording);
    assertThat(registry.get("a")).isSameAs(registry.get("a"));
    assertThat(registry.get("b")).isNotSameAs(registry.get("a"));
    HostRegistry<RetryBudget> small =
        HostRegistry.of(k -> RetryBudget.ofDefaults(), Duration.ofMinutes(1), 10);
    for (int i = 0; i < 1000; i++) {
      small.get("host" + i);
    }
    assertThat(small.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void registryForgetsIdleKeysByItsTickerNotTheWallClock() {
    HostRegistry<RetryBudget> budgets = HostRegistry.budgets(RetryBudget.Config.defaults(), ticker);
    RetryBudget first = budgets.get("a");
    ticker.advance(Duration.ofMinutes(HostRegistry.DEFAULT_IDLE_EXPIRY_MINUTES - 1));
    assertThat(budgets.get("a")).isSameAs(first);
    ticker.advance(Duration.ofMinutes(HostRegistry.DEFAULT_IDLE_EXPIRY_MINUTES + 1));
    assertThat(budgets.get("a")).isNotSameAs(first);
  }

  @Test
  void theRegistrysBreakersOpenAndRecoverOnTheRegistrysTicker() {
    HostRegistry<CircuitBreaker> registry =
        HostRegistry.breakers(
            builder.consecutiveGatewayFailures(1).config(), ticker, FailsoftListener.NONE);
    CircuitBreaker b = registry.get("api");
    call(b, Outcome.GATEWAY_FAILURE);
    assertThat(b.tryAcquirePermission()).isFalse();
    ticker.advance(Duration.ofSeconds(CircuitBreaker.DEFAULT_OPEN_DURATION_SECONDS));
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void theNoneBreakerNeverRefusesAndIgnoresEverything() {
    CircuitBreaker none = CircuitBreaker.none();
    for (int i = 0; i < 100; i++) {
      call(none, Outcome.GATEWAY_FAILURE);
    }
    none.forceOpen();
    none.holdFor(Duration.ofHours(1));
    assertThat(none.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(none.isHeld()).isFalse();
    assertThat(none.tryAcquirePermission()).isTrue();
    assertThat(none.key()).isEqualTo("none");
  }

  @Test
  void aConfigRejectsAnOpenDurationAboveItsCapWithAClearMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> builder.openDuration(Duration.ofMinutes(5)).config())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOpenDuration: PT2M (expected: >= openDuration PT5M)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new CircuitBreaker.Config(
                    0, 10, 0.5, 5, Duration.ofSeconds(5), Duration.ofMinutes(2), 3, () -> 0))
        .hasMessage("windowSize: 0 (expected: 1..10000)");
  }

  @Test
  void theDefaultConfigHoldsTheDocumentedDefaults() {
    CircuitBreaker.Config d = CircuitBreaker.Config.defaults();
    assertThat(d.windowSize()).isEqualTo(20);
    assertThat(d.minimumCalls()).isEqualTo(10);
    assertThat(d.failureRateThreshold()).isEqualTo(0.5);
    assertThat(d.consecutiveGatewayFailures()).isEqualTo(5);
    assertThat(d.openDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.maxOpenDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.halfOpenProbes()).isEqualTo(3);
  }
}
