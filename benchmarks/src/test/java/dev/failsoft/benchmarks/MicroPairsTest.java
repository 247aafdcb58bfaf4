package dev.failsoft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

class MicroPairsTest {
  @Test
  void everyMeasuredRowNamesTwoRealBenchmarkMethods() throws Exception {
    for (Micro.Pair pair : Micro.pairs()) {
      if (pair.notMeasured().isPresent()) {
        continue;
      }
      Class<?> type = Class.forName(pair.benchmarkClass());
      for (String name : new String[] {pair.failsoft(), pair.peer()}) {
        Method method = type.getMethod(name);
        assertThat(method.isAnnotationPresent(Benchmark.class)).as(name).isTrue();
        // Each benchmark runs once here, so a broken setup fails verify, not the nightly run.
        Object state = type.getConstructor().newInstance();
        for (Method setup : type.getMethods()) {
          if (setup.isAnnotationPresent(org.openjdk.jmh.annotations.Setup.class)) {
            setup.invoke(state);
          }
        }
        assertThat(method.invoke(state)).as(name).isNotNull();
      }
    }
  }

  @Test
  void everyTargetOfTheIssueHasARow() {
    assertThat(Micro.pairs())
        .extracting(Micro.Pair::operation)
        .contains(
            "diagnose a 502 response",
            "classify an exception",
            "parse a Cache-Control",
            "store lookup + stale decision",
            "retry decision",
            "breaker check + record");
  }
}
