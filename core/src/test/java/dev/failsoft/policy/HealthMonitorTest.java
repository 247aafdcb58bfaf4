package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {

  private static final URI HEALTH = URI.create("http://127.0.0.1:9/health");

  private final FakeTicker ticker = new FakeTicker();
  private final AtomicBoolean up = new AtomicBoolean(true);

  @Test
  void opensTheBreakerAfterTheUnhealthyThresholdAndLetsItProbeWhenHealthyAgain() {
    CircuitBreaker breaker = CircuitBreaker.builder().ticker(ticker).build("api");
    try (HealthMonitor monitor =
        HealthMonitor.builder(url -> up.get()).interval(Duration.ofHours(1)).build()) {
      monitor.watch("api", HEALTH, breaker);
      up.set(false);
      monitor.checkNow("api");
      monitor.checkNow("api");
      assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
      monitor.checkNow("api");
      assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
      assertThat(breaker.tryAcquirePermission()).isFalse();
      up.set(true);
      monitor.checkNow("api");
      assertThat(breaker.tryAcquirePermission()).isFalse();
      monitor.checkNow("api");
      assertThat(breaker.tryAcquirePermission()).isTrue();
      assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }
  }

  @Test
  void aThrowingProbeCountsAsUnhealthy() {
    CircuitBreaker breaker = CircuitBreaker.builder().ticker(ticker).build("api");
    try (HealthMonitor monitor =
        HealthMonitor.builder(
                url -> {
                  throw new java.io.IOException("refused");
                })
            .unhealthyThreshold(1)
            .interval(Duration.ofHours(1))
            .build()) {
      monitor.watch("api", HEALTH, breaker);
      assertThat(monitor.checkNow("api")).isFalse();
      assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
      assertThat(monitor.checkNow("unknown")).isFalse();
    }
  }

  @Test
  void probesOnItsOwnAndStopsCleanlyOnClose() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    CountDownLatch probed = new CountDownLatch(3);
    CircuitBreaker breaker = CircuitBreaker.builder().ticker(ticker).build("api");
    HealthMonitor monitor =
        HealthMonitor.builder(
                url -> {
                  probes.incrementAndGet();
                  probed.countDown();
                  return true;
                })
            .interval(Duration.ofMillis(5))
            .build();
    monitor.watch("api", HEALTH, breaker);
    assertThat(probed.await(10, TimeUnit.SECONDS)).isTrue();
    monitor.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("failsoft-health")) {
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
      }
    }
    int after = probes.get();
    monitor.watch("api", HEALTH, breaker);
    assertThat(monitor.checkNow("api")).isFalse();
    assertThat(probes.get()).isEqualTo(after);
  }
}
