package dev.failsoft.benchmarks.macro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on loopback: a fixed number of callers, each issuing its next request as soon as
 * the previous one ends, for a fixed time. Contenders take turns in short rounds, so that a load
 * spike on the shared machine hits them all alike; throughput is the median round.
 */
final class Load {
  /** One contender: makes one request and returns its status. */
  interface Call {
    int call() throws IOException;
  }

  /**
   * What one contender achieved over all rounds: the median round's throughput, its relative spread
   * (interquartile range of the rounds over the median), latency percentiles, errors.
   */
  record Result(
      double requestsPerSecond, double spread, long p50Nanos, long p99Nanos, long errors) {
    /** Throughput with its spread, for example {@code 24892 ±6%}. */
    String rate() {
      return String.format("%.0f ±%.0f%%", requestsPerSecond, spread * 100);
    }

    /**
     * Whether this throughput is at least {@code factor} times {@code other}'s: "meets", or
     * "MISSES", said to be within noise when the gap is smaller than either contender's spread.
     */
    String atLeast(double factor, Result other) {
      double wanted = factor * other.requestsPerSecond();
      if (requestsPerSecond >= wanted) {
        return "meets";
      }
      double gap = (wanted - requestsPerSecond) / wanted;
      return String.format("MISSES by %.0f%%", gap * 100)
          + (gap <= Math.max(spread, other.spread()) ? " (within the rounds' spread)" : "");
    }
  }

  private Load() {}

  /**
   * Runs each contender (name to call) for {@code rounds} rounds of {@code roundMillis} with {@code
   * callers} threads, after one warm-up round of half a second, and returns the results in the
   * contenders' order. A status other than {@code expectedStatus} or an exception is an error.
   */
  static Map<String, Result> compare(
      Map<String, Call> contenders, int callers, int rounds, long roundMillis, int expectedStatus)
      throws InterruptedException {
    Map<String, LatencyStats> latencies = new LinkedHashMap<>();
    Map<String, AtomicLong> errors = new LinkedHashMap<>();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (Map.Entry<String, Call> c : contenders.entrySet()) {
      latencies.put(c.getKey(), new LatencyStats());
      errors.put(c.getKey(), new AtomicLong());
      rates.put(c.getKey(), new ArrayList<>());
      drive(c.getValue(), callers, 500, expectedStatus, new LatencyStats(), new AtomicLong());
    }
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Call> c : contenders.entrySet()) {
        LatencyStats into = latencies.get(c.getKey());
        int before = into.count();
        long start = System.nanoTime();
        drive(c.getValue(), callers, roundMillis, expectedStatus, into, errors.get(c.getKey()));
        rates.get(c.getKey()).add((into.count() - before) / ((System.nanoTime() - start) / 1e9));
      }
    }
    Map<String, Result> results = new LinkedHashMap<>();
    for (String name : contenders.keySet()) {
      LatencyStats s = latencies.get(name);
      results.put(
          name,
          new Result(
              median(rates.get(name)),
              spread(rates.get(name)),
              s.percentile(50),
              s.percentile(99),
              errors.get(name).get()));
    }
    return results;
  }

  static double median(List<Double> values) {
    return quantile(values, 0.5);
  }

  /** Interquartile range over the median; 0 for fewer than 2 values. */
  static double spread(List<Double> values) {
    double median = median(values);
    return values.size() < 2 || median <= 0
        ? 0
        : (quantile(values, 0.75) - quantile(values, 0.25)) / median;
  }

  private static double quantile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty()
        ? 0
        : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  private static void drive(
      Call call, int callers, long millis, int expectedStatus, LatencyStats into, AtomicLong errors)
      throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    List<Thread> threads = new ArrayList<>();
    List<LatencyStats> perThread = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      LatencyStats mine = new LatencyStats();
      perThread.add(mine);
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long start = System.nanoTime();
                  try {
                    if (call.call() != expectedStatus) {
                      errors.incrementAndGet();
                    }
                  } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                  }
                  mine.add(System.nanoTime() - start);
                }
              },
              "bench-caller-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    for (LatencyStats s : perThread) {
      into.addAll(s);
    }
  }
}
