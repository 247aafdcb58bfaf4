package dev.failsoft.benchmarks.micro;

import dev.failsoft.cache.CacheControl;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a typical stale-serving {@code Cache-Control} value: Failsoft against OkHttp's parser
 * (which ignores {@code stale-if-error} and {@code stale-while-revalidate}). Both read the value
 * from a header set built once, as each library does on a response.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheControlBenchmark {
  static final String VALUE =
      "public, max-age=600, stale-while-revalidate=30, stale-if-error=86400";

  // Inputs are non-final fields, so the JIT cannot fold them into constants.
  private dev.failsoft.http.Headers failsoftHeaders =
      dev.failsoft.http.Headers.of("Cache-Control", VALUE, "Content-Type", "text/html");
  private okhttp3.Headers okhttpHeaders =
      okhttp3.Headers.of("Cache-Control", VALUE, "Content-Type", "text/html");

  /** Failsoft: every RFC 9111 / RFC 5861 directive, most restrictive reading. */
  @Benchmark
  public CacheControl failsoftParse() {
    return CacheControl.of(failsoftHeaders);
  }

  /** Peer: OkHttp 5's {@code CacheControl.parse(Headers)}. */
  @Benchmark
  public okhttp3.CacheControl okhttpParse() {
    return okhttp3.CacheControl.parse(okhttpHeaders);
  }
}
