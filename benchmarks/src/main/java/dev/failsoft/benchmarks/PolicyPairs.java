package dev.failsoft.benchmarks;

import java.util.List;
import java.util.Optional;

/** The retry and breaker rows, reported as not measured until dev.failsoft.policy lands. */
final class PolicyPairs {
  private PolicyPairs() {}

  static List<Micro.Pair> pairs() {
    Optional<String> missing = Optional.of("dev.failsoft.policy not landed");
    return List.of(
        new Micro.Pair("retry decision", "", "", "", "Failsafe / Resilience4j", 200, 1, missing),
        new Micro.Pair("breaker check + record", "", "", "", "Resilience4j", 100, 1, missing),
        new Micro.Pair("breaker check + record", "", "", "", "Resilience4j", 100, 2, missing));
  }
}
