package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.event.FailsoftListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrencyStressTest {

  private static final Set<String> LEGAL =
      Set.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED", "HALF_OPEN->OPEN");

  @Test
  void manyThreadsOnOneBreakerAndOneBudgetKeepTheInvariants() throws Exception {
    FakeTicker ticker = new FakeTicker();
    ConcurrentLinkedQueue<String> transitions = new ConcurrentLinkedQueue<>();
    CircuitBreaker breaker =
        CircuitBreaker.builder()
            .ticker(ticker)
            .openDuration(Duration.ofMillis(1))
            .maxOpenDuration(Duration.ofMillis(4))
            .listener(
                new FailsoftListener() {
                  @Override
                  public void onCircuitStateChange(String key, CircuitState from, CircuitState to) {
                    transitions.add(from + "->" + to);
                  }
                })
            .build("stress");
    RetryBudget budget = RetryBudget.builder().minRetriesPerSecond(0).ticker(ticker).build();
    int threads = 8;
    int perThread = 20_000;
    AtomicLong permitted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicLong negativeSeen = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < perThread; i++) {
                  if (i % 64 == 0) {
                    ticker.advance(Duration.ofNanos(200_000)); // time moves, 1 s over the run
                  }
                  if (breaker.tryAcquirePermission()) {
                    permitted.incrementAndGet();
                    breaker.record(r.nextInt(3) == 0 ? Outcome.GATEWAY_FAILURE : Outcome.SUCCESS);
                  } else {
                    rejected.incrementAndGet();
                  }
                  budget.recordRequest();
                  requests.incrementAndGet();
                  if (budget.tryAcquireRetry()) {
                    retries.incrementAndGet();
                  }
                  if (budget.remaining() < 0) {
                    negativeSeen.incrementAndGet();
                  }
                }
              });
      workers[t].start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join(60_000);
    }
    assertThat(permitted.get() + rejected.get()).isEqualTo((long) threads * perThread);
    assertThat(negativeSeen.get()).isZero();
    assertThat(budget.remaining()).isGreaterThanOrEqualTo(0);
    assertThat(retries.get()).isLessThanOrEqualTo((long) (0.2 * requests.get()));
    assertThat(retries.get()).isGreaterThan(0);
    assertThat(transitions).isNotEmpty();
    assertThat(transitions).allMatch(LEGAL::contains);
    assertThat(rejected.get()).isGreaterThan(0);
  }
}
