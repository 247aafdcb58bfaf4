package dev.failsoft.benchmarks.macro;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.RequestHead;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.Outcome;
import dev.failsoft.policy.RetryBudget;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * OkHttp driven by core's {@code dev.failsoft.policy} at its defaults, in the loop an adapter
 * runs: the budget sees every client request, each attempt asks the breaker (when there is one),
 * each failure is diagnosed, recorded and handed to {@link RetryPolicy#decide}, and the decision's
 * delay is slept. OkHttp's own connection retries are off, as Failsoft's adapters turn them off.
 */
final class PolicyLoopClient {
  private PolicyLoopClient() {}

  static Clients.Client create(String name, boolean withBreaker) {
    OkHttpClient client = Clients.okhttp().newBuilder().retryOnConnectionFailure(false).build();
    RetryPolicy policy = RetryPolicy.ofDefaults();
    RetryBudget budget = RetryBudget.ofDefaults();
    Optional<CircuitBreaker> breaker = withBreaker
        ? Optional.of(CircuitBreaker.builder().build("origin")) : Optional.empty();
    Diagnoser diagnoser = Diagnoser.standard();
    return new Clients.Client(name, url -> {
      budget.recordRequest();
      RequestHead head = RequestHead.get(url);
      long start = System.nanoTime();
      Duration previous = Duration.ZERO;
      for (int attempt = 1; ; attempt++) {
        if (breaker.isPresent() && !breaker.get().tryAcquirePermission()) {
          throw new IOException("circuit breaker open");
        }
        try {
          int status = Clients.read(Clients.call(client, url).execute());
          breaker.ifPresent(b -> b.record(Outcome.SUCCESS));
          return status;
        } catch (IOException e) {
          Diagnosis diagnosis = diagnoser.diagnose(head, e);
          breaker.ifPresent(b -> b.record(Outcome.of(diagnosis)));
          RetryDecision decision = policy.decide(diagnosis, attempt,
              Duration.ofNanos(System.nanoTime() - start), previous, budget,
              breaker.orElse(null));
          if (!decision.shouldRetry()) {
            throw e;
          }
          previous = decision.delay();
          sleep(decision.delay());
        }
      }
    });
  }

  private static void sleep(Duration delay) throws InterruptedIOException {
    try {
      TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during backoff");
    }
  }
}
