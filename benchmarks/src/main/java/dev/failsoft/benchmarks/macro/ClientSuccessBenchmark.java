package dev.failsoft.benchmarks.macro;

import com.sun.net.httpserver.HttpServer;
import dev.failsoft.benchmarks.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Macro 1: the success path of each client against one loopback origin (the JDK's HTTP server,
 * keep-alive, a 1 KiB body): throughput and p50/p99 latency with {@value #CLIENT_THREADS}
 * concurrent callers. The clients take turns in short rounds so that a load spike on the shared
 * machine hits them all alike; the ratios are the result, the absolute numbers drift.
 */
public final class ClientSuccessBenchmark {
  static final int CLIENT_THREADS = 4;

  private ClientSuccessBenchmark() {}

  /** Runs the benchmark and prints its table. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    int rounds = quick ? 5 : 10;
    long roundNanos = (quick ? 1_500 : 4_000) * 1_000_000L;
    byte[] body = new byte[1024];
    java.util.Arrays.fill(body, (byte) 'x');
    // Without TCP_NODELAY the JDK server writes head and body in two segments and every request
    // waits out a 40 ms delayed ACK; read once, when the server classes first load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    ExecutorService serverThreads = Executors.newFixedThreadPool(CLIENT_THREADS);
    server.setExecutor(serverThreads);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
    try {
      List<Clients.Client> clients = Clients.all();
      Map<String, LatencyStats> latencies = new LinkedHashMap<>();
      Map<String, AtomicLong> errors = new LinkedHashMap<>();
      Map<String, List<Double>> roundRates = new LinkedHashMap<>();
      for (Clients.Client c : clients) {
        latencies.put(c.name(), new LatencyStats());
        errors.put(c.name(), new AtomicLong());
        roundRates.put(c.name(), new ArrayList<>());
        drive(c, url, 500_000_000L, new LatencyStats(), new AtomicLong());
      }
      for (int r = 0; r < rounds; r++) {
        for (Clients.Client c : clients) {
          long start = System.nanoTime();
          int before = latencies.get(c.name()).count();
          drive(c, url, roundNanos, latencies.get(c.name()), errors.get(c.name()));
          roundRates.get(c.name()).add(
              (latencies.get(c.name()).count() - before) / ((System.nanoTime() - start) / 1e9));
        }
      }
      Table table = new Table("Macro 1: client success path (loopback, " + CLIENT_THREADS
          + " concurrent callers, 1 KiB body)", "client", "requests/s", "p50", "p99",
          "errors", "throughput / bare", "target");
      double bare = 0;
      double failsafe = 0;
      for (Clients.Client c : clients) {
        double rps = median(roundRates.get(c.name()));
        if (c.name().startsWith("bare")) {
          bare = rps;
        }
        if (c.name().contains("failsafe")) {
          failsafe = rps;
        }
      }
      for (Clients.Client c : clients) {
        LatencyStats s = latencies.get(c.name());
        double rps = median(roundRates.get(c.name()));
        String target = "";
        if (c.name().contains("Failsoft")) {
          target = ">= 0.97 x bare (" + Table.verdict(rps >= 0.97 * bare) + "), >= failsafe ("
              + Table.verdict(rps >= failsafe) + ")";
        }
        table.row(c.name(), Table.num(rps, 0), LatencyStats.micros(s.percentile(50)),
            LatencyStats.micros(s.percentile(99)), errors.get(c.name()).get(),
            Table.ratio(rps, bare), target);
      }
      if (FailsoftClient.create().isEmpty()) {
        table.row("OkHttp + Failsoft", "not measured", "", "", "", "",
            FailsoftClient.NOT_LANDED);
      }
      table.note(rounds + " interleaved rounds of " + roundNanos / 1_000_000 + " ms per client"
          + " after a 0.5 s warm-up each; requests/s is the median round, p50/p99 over all"
          + " requests. The origin shares the 2 cores with the clients.");
      table.print(out);
    } finally {
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  /** Drives {@code client} from {@link #CLIENT_THREADS} threads for {@code nanos}. */
  static void drive(Clients.Client client, String url, long nanos, LatencyStats into,
      AtomicLong errors) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    List<Thread> threads = new ArrayList<>();
    List<LatencyStats> perThread = new ArrayList<>();
    for (int t = 0; t < CLIENT_THREADS; t++) {
      LatencyStats mine = new LatencyStats();
      perThread.add(mine);
      Thread thread = new Thread(() -> {
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          try {
            int status = client.get(url);
            if (status != 200) {
              errors.incrementAndGet();
            }
          } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
          }
          mine.add(System.nanoTime() - start);
        }
      }, "bench-client-" + t);
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
