package dev.failsoft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.policy.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakerSettingsTest {

  @Test
  void readsEverySettingUnderItsPrefix() {
    CircuitBreaker.Config config =
        BreakerSettings.read(
                Map.of(
                    "breaker-window", "20",
                    "breaker-minimum-calls", "5",
                    "breaker-failure-rate", "25%",
                    "breaker-consecutive-failures", "3",
                    "breaker-open", "10s",
                    "breaker-max-open", "5m",
                    "breaker-half-open-probes", "2",
                    "unrelated", "x"),
                "breaker-")
            .orElseThrow();

    assertThat(config.windowSize()).isEqualTo(20);
    assertThat(config.minimumCalls()).isEqualTo(5);
    assertThat(config.failureRateThreshold()).isEqualTo(0.25);
    assertThat(config.consecutiveGatewayFailures()).isEqualTo(3);
    assertThat(config.openDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxOpenDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.halfOpenProbes()).isEqualTo(2);
  }

  @Test
  void isEmptyWhenNoBreakerSettingIsGiven() {
    assertThat(BreakerSettings.read(Map.of("max-stale", "10m", "breaker-open", " "), "breaker-"))
        .isEmpty();
  }

  @Test
  void anOpenTimePastTheDefaultCapRaisesTheCap() {
    CircuitBreaker.Config config =
        BreakerSettings.read(Map.of("breaker.open", "10m"), "breaker.").orElseThrow();

    assertThat(config.maxOpenDuration()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void namesTheSettingInEveryMessage() {
    assertThatThrownBy(() -> BreakerSettings.read(Map.of("breaker-window", "ten"), "breaker-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("breaker-window: \"ten\"");
    assertThatThrownBy(() -> BreakerSettings.read(Map.of("breaker-window", "0"), "breaker-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("breaker-window: ");
    assertThatThrownBy(
            () ->
                BreakerSettings.read(
                    Map.of("breaker-open", "2m", "breaker-max-open", "1m"), "breaker-"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("maxOpenDuration: PT1M");
  }
}
