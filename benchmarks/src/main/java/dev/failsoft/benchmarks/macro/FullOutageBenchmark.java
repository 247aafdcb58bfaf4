package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Macro 2: in a full outage (every connection is reset after the request is read), how many
 * upstream attempts each client request costs. A retry storm multiplies an outage's load by this
 * number. Every client runs at its documented defaults: OkHttp's own {@code
 * retryOnConnectionFailure}, Failsafe's {@code RetryPolicy.ofDefaults()} (3 attempts, no delay) and
 * {@code CircuitBreaker.ofDefaults()} (opens after 1 failure), Resilience4j's {@code
 * Retry.ofDefaults} (3 attempts, 500 ms apart) and {@code CircuitBreaker.ofDefaults} (opens at a 50
 * % failure rate over at least 100 calls).
 */
public final class FullOutageBenchmark {
  static final double TARGET = 1.2;
  static final int THREADS = 8;

  private FullOutageBenchmark() {}

  /** Runs the benchmark and prints its table. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    // The budget's floor (1 retry/s over 10 s) is a larger share of a short run: at 100
    // requests it allows 20 retries either way; below, the floor alone would exceed 20 %.
    int requests = quick ? 104 : 400;
    Table table =
        new Table(
            "Macro 2: full outage, upstream attempts per client request ("
                + requests
                + " requests, "
                + THREADS
                + " callers, every connection reset)",
            "client",
            "client requests",
            "upstream attempts",
            "attempts / request",
            "wall time",
            "target");
    List<Clients.Client> clients = new ArrayList<>(Clients.all());
    clients.add(1, FailsoftClient.budgetOnly());
    clients.add(Clients.failsafeRetryOnly());
    clients.add(Clients.resilience4jRetryOnly());
    for (Clients.Client c : clients) {
      try (FaultServer origin = FaultServer.start()) {
        origin.mode(FaultServer.Mode.RESET);
        long start = System.nanoTime();
        int done = drive(c, origin.url() + "/page", requests);
        long wall = System.nanoTime() - start;
        double perRequest = (double) origin.requestCount() / done;
        String target =
            c.name().equals(FailsoftClient.BUDGET_ONLY)
                ? "<= " + TARGET + " (" + Table.verdict(perRequest <= TARGET) + ")"
                : "";
        table.row(
            c.name(),
            done,
            origin.requestCount(),
            Table.num(perRequest, 2),
            Table.num(wall / 1e6, 0) + " ms",
            target);
      }
    }
    table.note(
        "Attempts are request heads the origin read in full. Bare OkHttp is the floor:"
            + " what the client alone does. Failsoft runs at its defaults (retry policy, a retry"
            + " budget of 20 % with a floor of 1 retry/s over 10 s, a breaker per host), and once"
            + " with a breaker that cannot trip, so that the budget alone limits the attempts. Failsafe's default breaker opens on the first failure"
            + " (for 1 minute), so later calls fail without an attempt; Resilience4j's needs 100"
            + " calls before it can open.");
    table.print(out);
  }

  static int drive(Clients.Client client, String url, int requests) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (next.getAndIncrement() < requests) {
                  try {
                    client.get(url);
                  } catch (IOException | RuntimeException expected) {
                    // The outage: every request fails, which is what is being counted.
                  }
                }
              },
              "bench-outage-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    return requests;
  }
}
