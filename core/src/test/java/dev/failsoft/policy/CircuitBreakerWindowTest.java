package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The breaker's sliding window against a plain sequential model, and its counts after many threads
 * record at once.
 */
class CircuitBreakerWindowTest {

  private static final Outcome[] CLOSED_OUTCOMES = {
    Outcome.SUCCESS, Outcome.FAILURE, Outcome.GATEWAY_FAILURE, Outcome.IGNORED
  };

  /** The documented rules, written as plainly as possible: a deque of the last N outcomes. */
  private static final class Model {
    final int window;
    final int minimumCalls;
    final double threshold;
    final int gatewayLimit;
    final int probes;
    final ArrayDeque<Boolean> last = new ArrayDeque<>();
    int consecutiveGateway;
    CircuitState state = CircuitState.CLOSED;
    int probesSucceeded;

    Model(int window, int minimumCalls, double threshold, int gatewayLimit, int probes) {
      this.window = window;
      this.minimumCalls = minimumCalls;
      this.threshold = threshold;
      this.gatewayLimit = gatewayLimit;
      this.probes = probes;
    }

    void record(Outcome outcome) {
      if (outcome == Outcome.IGNORED) {
        return;
      }
      if (state == CircuitState.HALF_OPEN) {
        if (outcome.isFailure()) {
          state = CircuitState.OPEN;
        } else if (++probesSucceeded == probes) {
          state = CircuitState.CLOSED;
          last.clear();
          consecutiveGateway = 0;
        }
        return;
      }
      last.addLast(outcome.isFailure());
      if (last.size() > window) {
        last.removeFirst();
      }
      if (outcome == Outcome.GATEWAY_FAILURE) {
        consecutiveGateway++;
      } else if (outcome == Outcome.SUCCESS) {
        consecutiveGateway = 0;
      }
      long failures = last.stream().filter(f -> f).count();
      if (last.size() >= minimumCalls && failures >= threshold * last.size()
          || consecutiveGateway >= gatewayLimit) {
        state = CircuitState.OPEN;
      }
    }
  }

  @Test
  void everyRandomSequenceOpensAndClosesExactlyWhereTheSlidingWindowSays() {
    Random random = new Random(20240601);
    double[] thresholds = {0.05, 0.25, 0.5, 0.9, 1.0};
    double[] failureOdds = {0.002, 0.02, 0.1, 0.4, 0.8};
    int opened = 0;
    for (int run = 0; run < 400; run++) {
      FakeTicker ticker = new FakeTicker();
      int window = 1 + random.nextInt(30);
      int minimumCalls = 1 + random.nextInt(40);
      double threshold = thresholds[random.nextInt(thresholds.length)];
      int gatewayLimit = 1 + random.nextInt(8);
      int probes = 1 + random.nextInt(3);
      double odds = failureOdds[random.nextInt(failureOdds.length)];
      CircuitBreaker breaker =
          CircuitBreaker.builder()
              .ticker(ticker)
              .random(() -> 0)
              .windowSize(window)
              .minimumCalls(minimumCalls)
              .failureRateThreshold(threshold)
              .consecutiveGatewayFailures(gatewayLimit)
              .halfOpenProbes(probes)
              .openDuration(Duration.ofSeconds(1))
              .maxOpenDuration(Duration.ofSeconds(8))
              .build("m");
      Model model = new Model(window, minimumCalls, threshold, gatewayLimit, probes);
      String where =
          "run "
              + run
              + " window "
              + window
              + " minimumCalls "
              + minimumCalls
              + " threshold "
              + threshold
              + " gateway "
              + gatewayLimit;
      for (int step = 0; step < 1500; step++) {
        if (model.state == CircuitState.OPEN) {
          assertThat(breaker.tryAcquirePermission()).as(where).isFalse();
          ticker.advance(Duration.ofSeconds(9));
          assertThat(breaker.tryAcquirePermission()).as(where).isTrue();
          model.state = CircuitState.HALF_OPEN;
          model.probesSucceeded = 0;
          opened++;
          Outcome probe = random.nextDouble() < odds ? Outcome.FAILURE : Outcome.SUCCESS;
          breaker.record(probe);
          model.record(probe);
        } else if (model.state == CircuitState.HALF_OPEN) {
          assertThat(breaker.tryAcquirePermission()).as(where).isTrue();
          Outcome probe = random.nextDouble() < odds ? Outcome.FAILURE : Outcome.SUCCESS;
          breaker.record(probe);
          model.record(probe);
        } else {
          assertThat(breaker.tryAcquirePermission()).as(where).isTrue();
          Outcome outcome =
              random.nextDouble() < odds ? CLOSED_OUTCOMES[1 + random.nextInt(3)] : Outcome.SUCCESS;
          breaker.record(outcome);
          model.record(outcome);
        }
        assertThat(breaker.state()).as(where + " step " + step).isEqualTo(model.state);
      }
    }
    assertThat(opened).isGreaterThan(1000);
  }

  /** Runs {@code body} with thread numbers 0 to 3, all released at once, and waits for them. */
  private static void inFourThreadsAtOnce(IntConsumer body) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int number = t;
      threads[t] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                body.accept(number);
              });
      threads[t].start();
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }
  }

  /** Four threads record mostly successes on a full window, with a failure now and then. */
  private static void storm(CircuitBreaker breaker) throws InterruptedException {
    for (int i = 0; i < 64; i++) {
      breaker.record(Outcome.SUCCESS);
    }
    // At most one failure of each kind per 200 calls per thread: in any order of the four
    // threads no window of 64 holds 32 failures, nor are 5 gateway failures in a row.
    inFourThreadsAtOnce(
        t -> {
          for (int i = 0; i < 50_000; i++) {
            int k = (i + t * 37) % 200;
            breaker.record(
                k == 0 ? Outcome.FAILURE : k == 100 ? Outcome.GATEWAY_FAILURE : Outcome.SUCCESS);
          }
        });
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    for (int i = 0; i < 64; i++) {
      breaker.record(Outcome.SUCCESS);
    }
  }

  @Test
  void afterManyThreadsRecordAtOnceTheFailureCountIsExact() throws InterruptedException {
    CircuitBreaker breaker =
        CircuitBreaker.builder()
            .windowSize(64)
            .minimumCalls(64)
            .failureRateThreshold(0.5)
            .consecutiveGatewayFailures(10_000)
            .build("storm");
    storm(breaker);
    // The window now holds 64 successes and nothing else: 31 failures leave 31 of 64, under half.
    assertOpensOnTheNth(breaker, Outcome.FAILURE, 32);
  }

  @Test
  void afterManyThreadsRecordAtOnceTheGatewayRunIsExact() throws InterruptedException {
    CircuitBreaker breaker =
        CircuitBreaker.builder()
            .windowSize(64)
            .minimumCalls(64)
            .failureRateThreshold(1.0)
            .consecutiveGatewayFailures(5)
            .build("storm");
    storm(breaker);
    assertOpensOnTheNth(breaker, Outcome.GATEWAY_FAILURE, 5);
  }

  private static void assertOpensOnTheNth(CircuitBreaker breaker, Outcome outcome, int n) {
    for (int i = 1; i < n; i++) {
      breaker.record(outcome);
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    breaker.record(outcome);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void whenTheWholeWindowIsKnownTheCountAcrossThreadsIsExact() throws InterruptedException {
    // 4 threads x 2500 calls fill a window of 10000 exactly, 1 in 8 a failure: 1252 failures.
    int failures = 0;
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 2500; i++) {
        failures += (i + t) % 8 == 0 ? 1 : 0;
      }
    }
    for (int extra : new int[] {0, 1}) {
      CircuitBreaker breaker =
          CircuitBreaker.builder()
              .windowSize(10_000)
              .minimumCalls(10_000)
              .failureRateThreshold((failures + extra) / 10_000.0)
              .consecutiveGatewayFailures(10_000)
              .build("exact");
      inFourThreadsAtOnce(
          t -> {
            for (int i = 0; i < 2500; i++) {
              breaker.record((i + t) % 8 == 0 ? Outcome.FAILURE : Outcome.SUCCESS);
            }
          });
      assertThat(breaker.state())
          .as("threshold %d failures", failures + extra)
          .isEqualTo(extra == 0 ? CircuitState.OPEN : CircuitState.CLOSED);
    }
  }
}
