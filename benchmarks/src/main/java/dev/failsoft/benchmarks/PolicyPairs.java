package dev.failsoft.benchmarks;

import dev.failsoft.benchmarks.micro.PolicyBenchmark;
import java.util.List;
import java.util.Optional;

/** The retry and breaker rows of the micro table. */
final class PolicyPairs {
  private PolicyPairs() {}

  static List<Micro.Pair> pairs() {
    String type = PolicyBenchmark.class.getName();
    return List.of(
        new Micro.Pair(
            "retry decision",
            type,
            "failsoftRetryDecision",
            "resilience4jRetryDecision",
            "Resilience4j Retry.Context.onError",
            200,
            1,
            Optional.empty()),
        new Micro.Pair(
            "breaker check + record",
            type,
            "failsoftBreaker",
            "resilience4jBreaker",
            "Resilience4j CircuitBreaker",
            100,
            1,
            Optional.empty()),
        new Micro.Pair(
            "breaker check + record",
            type,
            "failsoftBreaker",
            "resilience4jBreaker",
            "Resilience4j CircuitBreaker",
            100,
            2,
            Optional.empty()));
  }
}
