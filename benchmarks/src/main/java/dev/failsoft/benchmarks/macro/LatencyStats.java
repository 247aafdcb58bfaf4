package dev.failsoft.benchmarks.macro;

import java.util.Arrays;

/** Latencies in nanoseconds collected by one or more threads; percentiles by sorting a copy. */
final class LatencyStats {
  private long[] values = new long[1024];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  void addAll(LatencyStats other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  int count() {
    return size;
  }

  /** The {@code p}-th percentile (0..100) in nanoseconds, or 0 when empty. */
  long percentile(double p) {
    if (size == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, index))];
  }

  static String millis(long nanos) {
    return String.format("%.2f ms", nanos / 1e6);
  }

  static String micros(long nanos) {
    return String.format("%.0f µs", nanos / 1e3);
  }
}
