package dev.failsoft.benchmarks;

import dev.failsoft.benchmarks.macro.ClientSuccessBenchmark;
import dev.failsoft.benchmarks.macro.FilterSuccessBenchmark;
import dev.failsoft.benchmarks.macro.FullOutageBenchmark;
import dev.failsoft.benchmarks.macro.LogAnalysisBenchmark;
import dev.failsoft.benchmarks.macro.MemoryBenchmark;
import dev.failsoft.benchmarks.macro.NettyBenchmark;
import dev.failsoft.benchmarks.macro.TimeToDegradeBenchmark;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the loopback macro benchmarks and prints one table each. Arguments: {@code --quick} for the
 * short form, then optionally the numbers of the benchmarks to run ({@code 1 5}); all by default. A
 * benchmark that fails prints its error and the others still run.
 */
public final class Macro {
  interface Bench {
    void run(boolean quick, java.io.PrintStream out) throws Exception;
  }

  private Macro() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    boolean quick = false;
    List<String> only = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else {
        only.add(arg);
      }
    }
    List<Bench> all =
        List.of(
            ClientSuccessBenchmark::run,
            FullOutageBenchmark::run,
            TimeToDegradeBenchmark::run,
            FilterSuccessBenchmark::run,
            MemoryBenchmark::run,
            LogAnalysisBenchmark::run,
            NettyBenchmark::run);
    int failures = 0;
    for (int i = 0; i < all.size(); i++) {
      if (!only.isEmpty() && !only.contains(String.valueOf(i + 1))) {
        continue;
      }
      try {
        all.get(i).run(quick, System.out);
      } catch (Exception | Error e) {
        failures++;
        System.out.println("\n### Macro " + (i + 1) + " failed: " + e);
        e.printStackTrace(System.out);
      }
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
