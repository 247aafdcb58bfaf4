package dev.failsoft.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadTest {
  private static Load.Result rate(double perSecond, double spread) {
    return new Load.Result(perSecond, spread, 0, 0, 0);
  }

  @Test
  void saysAMissIsWithinNoiseOnlyWhenTheGapIsSmallerThanTheSpread() {
    Load.Result bare = rate(1000, 0.05);
    assertThat(rate(980, 0.02).atLeast(0.97, bare)).isEqualTo("meets");
    assertThat(rate(940, 0.02).atLeast(0.97, bare))
        .isEqualTo("MISSES by 3% (within the rounds' spread)");
    assertThat(rate(800, 0.02).atLeast(0.97, bare)).isEqualTo("MISSES by 18%");
  }

  @Test
  void spreadIsTheInterquartileRangeOverTheMedian() {
    assertThat(Load.spread(List.of(100.0, 100.0, 100.0, 100.0))).isZero();
    assertThat(Load.spread(List.of(80.0, 90.0, 100.0, 110.0, 120.0))).isEqualTo(0.2);
    assertThat(Load.spread(List.of(5.0))).isZero();
    assertThat(Load.median(List.of())).isZero();
  }

  @Test
  void countsWrongStatusesAndExceptionsAsErrors() throws Exception {
    Map<String, Load.Result> results =
        Load.compare(
            Map.of(
                "fails",
                    () -> {
                      throw new java.io.IOException("refused");
                    },
                "wrong", () -> 503),
            1,
            1,
            20,
            200);
    assertThat(results.get("fails").errors()).isPositive();
    assertThat(results.get("wrong").errors()).isPositive();
    assertThat(results.get("wrong").requestsPerSecond()).isPositive();
  }
}
