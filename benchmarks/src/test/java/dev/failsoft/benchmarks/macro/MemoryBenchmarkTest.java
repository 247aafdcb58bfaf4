package dev.failsoft.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBenchmarkTest {
  @Test
  void storeNeverWeighsMoreThanItsCapWhenOfferedTwiceAsMuch() {
    long cap = 1L << 20;
    MemoryBenchmark.Fill fill = MemoryBenchmark.fill((int) (2 * cap / 1024), 1024, cap, 1);
    assertThat(fill.weighted()).isPositive().isLessThanOrEqualTo(cap);
  }

  @Test
  void payloadCountsBodiesAndHeadersOfStoredEntries() {
    MemoryBenchmark.Fill fill = MemoryBenchmark.fill(10, 1000, 1L << 20, 2);
    // 10 bodies of 1000 bytes plus four header fields of at least 20 bytes each.
    assertThat(fill.payload()).isGreaterThan(10 * (1000 + 80)).isLessThan(10 * (1000 + 400));
  }
}
