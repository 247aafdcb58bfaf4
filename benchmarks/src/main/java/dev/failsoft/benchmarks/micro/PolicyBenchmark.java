package dev.failsoft.benchmarks.micro;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.RequestHead;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.Outcome;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-call decisions of {@code dev.failsoft.policy} against Resilience4j's: whether to retry a
 * refused connection (Failsoft's {@link RetryPolicy#decide} at its defaults; Resilience4j's {@code
 * Retry.Context.onError} with a zero wait, so that no time is spent sleeping), and a circuit
 * breaker's permission check plus the recording of a success, on one breaker shared by all
 * benchmark threads (run with 1 and 2 threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {
  // Inputs are non-final fields, so the JIT cannot fold them into constants.
  private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
  private ConnectException refused = new ConnectException("Connection refused");
  private Diagnosis diagnosis =
      Diagnoser.standard().diagnose(RequestHead.get("http://shop.example/cart"), refused);
  private Duration elapsed = Duration.ofMillis(12);
  private Retry retry =
      Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ZERO).build());
  private CircuitBreaker breaker = CircuitBreaker.builder().build("shop.example");
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jBreaker =
      io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("shop.example");

  /** Failsoft: the first attempt failed with a refused connection; retry, and after how long? */
  @Benchmark
  public RetryDecision failsoftRetryDecision() {
    return retryPolicy.decide(diagnosis, 1, elapsed);
  }

  /** Peer: Resilience4j's context for one call, told of its first failure. */
  @Benchmark
  public Retry.Context<Object> resilience4jRetryDecision() throws Exception {
    Retry.Context<Object> context = retry.context();
    context.onError(refused);
    return context;
  }

  /** Failsoft: permission check, then a success recorded. */
  @Benchmark
  public boolean failsoftBreaker() {
    boolean permitted = breaker.tryAcquirePermission();
    if (permitted) {
      breaker.record(Outcome.SUCCESS);
    }
    return permitted;
  }

  /** Peer: Resilience4j's permission check, then a success recorded. */
  @Benchmark
  public boolean resilience4jBreaker() {
    boolean permitted = r4jBreaker.tryAcquirePermission();
    if (permitted) {
      r4jBreaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }
    return permitted;
  }
}
