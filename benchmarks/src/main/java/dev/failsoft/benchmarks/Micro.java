package dev.failsoft.benchmarks;

import dev.failsoft.benchmarks.micro.CacheControlBenchmark;
import dev.failsoft.benchmarks.micro.DiagnoseBenchmark;
import dev.failsoft.benchmarks.micro.StoreBenchmark;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.RequestHead;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH microbenchmarks in one go and prints one table: each Failsoft operation next to its
 * peer, the ratio, and the target. Ratios from one run hold on a noisy shared machine; absolute
 * times drift, so each target is also judged on this run's numbers only.
 */
public final class Micro {
  /** One table row: a Failsoft benchmark, its peer, and the target in nanoseconds. */
  record Pair(
      String operation,
      String benchmarkClass,
      String failsoft,
      String peer,
      String peerLabel,
      double targetNs,
      int threads,
      Optional<String> notMeasured) {}

  private Micro() {}

  /** Runs every microbenchmark; {@code --quick} uses short iterations. */
  public static void main(String[] args) throws RunnerException {
    boolean quick = List.of(args).contains("--quick");
    run(quick, System.out);
  }

  static void run(boolean quick, PrintStream out) throws RunnerException {
    List<Pair> pairs = pairs();
    Map<String, Double> scores = new HashMap<>();
    int passes = quick ? 2 : 3;
    for (int pass = 0; pass < passes; pass++) {
      for (int threads : new int[] {1, 2}) {
        runPass(pairs, threads, quick, scores);
      }
    }
    print(pairs, scores, quick, passes, out);
  }

  /**
   * One JMH run of every pair measured with {@code threads}; keeps, per benchmark, the lowest
   * median-iteration score seen so far. The machine is shared: a load spike during one pass
   * inflates that pass only, and the best pass is the one least disturbed.
   */
  private static void runPass(
      List<Pair> pairs, int threads, boolean quick, Map<String, Double> scores)
      throws RunnerException {
    List<String> includes = new ArrayList<>();
    for (Pair p : pairs) {
      if (p.threads() == threads && p.notMeasured().isEmpty()) {
        includes.add(p.benchmarkClass() + "." + p.failsoft());
        includes.add(p.benchmarkClass() + "." + p.peer());
      }
    }
    if (includes.isEmpty()) {
      return;
    }
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .forks(1)
            .threads(threads)
            .warmupIterations(quick ? 2 : 5)
            .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .jvmArgsAppend("-Xmx512m")
            .verbosity(VerboseMode.SILENT);
    for (String include : includes) {
      options.include("\\Q" + include + "\\E$");
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      List<Double> iterations = new ArrayList<>();
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult i : b.getIterationResults()) {
          iterations.add(i.getPrimaryResult().getScore());
        }
      }
      Collections.sort(iterations);
      double median =
          iterations.isEmpty()
              ? r.getPrimaryResult().getScore()
              : iterations.get(iterations.size() / 2);
      scores.merge(threads + ":" + name, median, Math::min);
    }
  }

  private static void print(
      List<Pair> pairs, Map<String, Double> scores, boolean quick, int passes, PrintStream out) {
    Table table =
        new Table(
            "Micro (JMH, ns/op, lower is better)",
            "operation",
            "threads",
            "Failsoft",
            "peer",
            "peer ns",
            "Failsoft / peer",
            "target",
            "verdict");
    for (Pair p : pairs) {
      if (p.notMeasured().isPresent()) {
        table.row(
            p.operation(),
            p.threads(),
            "not measured",
            p.peerLabel(),
            "",
            "",
            "<= " + Table.num(p.targetNs(), 0) + " ns",
            p.notMeasured().get());
        continue;
      }
      Double f = scores.get(p.threads() + ":" + p.benchmarkClass() + "." + p.failsoft());
      Double q = scores.get(p.threads() + ":" + p.benchmarkClass() + "." + p.peer());
      if (f == null || q == null) {
        table.row(
            p.operation(),
            p.threads(),
            "no result",
            p.peerLabel(),
            "",
            "",
            "<= " + Table.num(p.targetNs(), 0) + " ns",
            "JMH returned no score");
        continue;
      }
      table.row(
          p.operation(),
          p.threads(),
          Table.num(f, 1),
          p.peerLabel(),
          Table.num(q, 1),
          Table.ratio(f, q),
          "<= " + Table.num(p.targetNs(), 0) + " ns",
          Table.verdict(f <= p.targetNs()));
    }
    table.note(
        "Scores are JMH average time per operation: the median iteration of the best of "
            + passes
            + " passes (each pass 1 fork, "
            + (quick
                ? "2 x 0.5 s warm-up, 3 x 0.5 s measurement"
                : "5 x 1 s warm-up, 5 x 1 s measurement")
            + "). With 2 threads the score is per operation per thread.");
    table.print(out);
  }

  static List<Pair> pairs() {
    String diagnose = DiagnoseBenchmark.class.getName();
    List<Pair> pairs = new ArrayList<>();
    pairs.add(
        new Pair(
            "diagnose a 502 response",
            diagnose,
            "failsoftDiagnoseResponse",
            "peerRegexResponse",
            "status check + regex",
            2_000,
            1,
            Optional.empty()));
    pairs.add(
        new Pair(
            "classify an exception",
            diagnose,
            "failsoftClassifyException",
            "peerInstanceofException",
            "instanceof ladder",
            500,
            1,
            classifierMissing()));
    pairs.add(
        new Pair(
            "parse a Cache-Control",
            CacheControlBenchmark.class.getName(),
            "failsoftParse",
            "okhttpParse",
            "OkHttp CacheControl.parse",
            150,
            1,
            Optional.empty()));
    pairs.add(
        new Pair(
            "store lookup + stale decision",
            StoreBenchmark.class.getName(),
            "failsoftLookupAndDecide",
            "peerLookupAndDecide",
            "Caffeine map + fixed window",
            1_000,
            1,
            Optional.empty()));
    pairs.addAll(PolicyPairs.pairs());
    return pairs;
  }

  /** The classifier shipped as a stub (everything UNKNOWN) until its issue lands. */
  private static Optional<String> classifierMissing() {
    FailureKind kind =
        Diagnoser.standard()
            .diagnose(
                RequestHead.get("http://a.example/"), new ConnectException("Connection refused"))
            .kind();
    return kind == FailureKind.UNKNOWN
        ? Optional.of("exception classifier not landed (stub returns UNKNOWN)")
        : Optional.empty();
  }
}
