package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import java.io.PrintStream;

/** Macro 4: Jetty vs Jetty + StaleIfErrorFilter; not measured until the filter lands. */
public final class FilterSuccessBenchmark {
  private FilterSuccessBenchmark() {}

  /** Prints the table. */
  public static void run(boolean quick, PrintStream out) {
    new Table("Macro 4: servlet filter success path (Jetty, 16 KiB pages)", "server",
        "requests/s", "p50", "p99", "ratio", "target")
        .row("Jetty", "not measured", "", "", "", "")
        .row("Jetty + StaleIfErrorFilter", "not measured", "", "", "",
            "servlet-filter not landed")
        .print(out);
  }
}
