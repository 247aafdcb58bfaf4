package dev.failsoft.benchmarks;

import dev.failsoft.benchmarks.macro.RedisStoreBenchmark;
import dev.failsoft.benchmarks.micro.TieredStoreBenchmark;
import dev.failsoft.store.redis.testing.RedisServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The Redis store's benchmarks, on redis-servers this process starts on loopback: the tiered lookup
 * against the Caffeine store (JMH), then the filter's success path and the time to a stale answer
 * on a cold replica ({@link RedisStoreBenchmark}). Run: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.failsoft.benchmarks.RedisBench [--quick]}.
 */
public final class RedisBench {

  private RedisBench() {}

  /** Entry point: {@code --quick} for short iterations. */
  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    PrintStream out = System.out;
    if (!RedisServer.installed()) {
      out.println(RedisServer.MISSING);
      return;
    }
    try (RedisServer server = RedisServer.start()) {
      lookups(quick, server, out);
    }
    RedisStoreBenchmark.run(quick, out);
    System.exit(0);
  }

  private static void lookups(boolean quick, RedisServer server, PrintStream out) throws Exception {
    String name = TieredStoreBenchmark.class.getName();
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("\\Q" + name + "\\E")
                    .forks(1)
                    .warmupIterations(quick ? 2 : 5)
                    .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
                    .measurementIterations(quick ? 3 : 5)
                    .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
                    .jvmArgsAppend("-Xmx512m", "-Dfailsoft.bench.redis=" + server.uri())
                    .verbosity(VerboseMode.SILENT)
                    .build())
            .run();
    Map<String, Double> medians = new LinkedHashMap<>();
    for (RunResult r : results) {
      List<Double> iterations = new ArrayList<>();
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult i : b.getIterationResults()) {
          iterations.add(i.getPrimaryResult().getScore());
        }
      }
      Collections.sort(iterations);
      String method = r.getParams().getBenchmark();
      medians.put(
          method.substring(method.lastIndexOf('.') + 1),
          iterations.isEmpty()
              ? r.getPrimaryResult().getScore()
              : iterations.get(iterations.size() / 2));
    }
    double caffeine = medians.getOrDefault("caffeineHit", Double.NaN);
    Table table =
        new Table(
            "Redis store: lookup of a 2 KiB page among 1,000 (JMH, 1 thread, median iteration)",
            "lookup",
            "ns/op",
            "ratio to the Caffeine store");
    String[][] rows = {
      {"caffeineHit", "Caffeine store"},
      {"tieredFrontHit", "tiered store, front hit"},
      {"tieredRedisHit", "tiered store, front cold: read from Redis"}
    };
    for (String[] row : rows) {
      double ns = medians.getOrDefault(row[0], Double.NaN);
      table.row(row[1], String.format("%.0f", ns), Table.ratio(ns, caffeine));
    }
    table.note("The Redis row includes one loopback round trip to redis-server 7.0.");
    table.print(out);
  }
}
