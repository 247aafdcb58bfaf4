package dev.failsoft.benchmarks.macro;

import com.sun.net.httpserver.HttpServer;
import dev.failsoft.benchmarks.Table;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Macro 1: the success path of each client against one loopback origin (the JDK's HTTP server,
 * keep-alive, a 1 KiB body): throughput and p50/p99 latency with {@value #CALLERS} concurrent
 * callers. The ratios are the result; the absolute numbers drift with the machine's load.
 */
public final class ClientSuccessBenchmark {
  static final int CALLERS = 4;

  private ClientSuccessBenchmark() {}

  /** Runs the benchmark and prints its table. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    int rounds = quick ? 8 : 20;
    long roundMillis = quick ? 1_000 : 2_000;
    byte[] body = new byte[1024];
    Arrays.fill(body, (byte) 'x');
    // Without TCP_NODELAY the JDK server writes head and body in two segments and every request
    // waits out a 40 ms delayed ACK; read once, when the server classes first load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    ExecutorService serverThreads = Executors.newFixedThreadPool(CALLERS);
    server.setExecutor(serverThreads);
    server.createContext(
        "/",
        exchange -> {
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
      Map<String, Load.Call> contenders = new LinkedHashMap<>();
      for (Clients.Client c : Clients.all()) {
        contenders.put(c.name(), () -> c.get(url));
      }
      Map<String, Load.Result> results =
          Load.compare(contenders, CALLERS, rounds, roundMillis, 200);
      Load.Result bare = results.get(Clients.BARE);
      Load.Result failsafe = results.get(Clients.FAILSAFE);
      Table table =
          new Table(
              "Macro 1: client success path (loopback, "
                  + CALLERS
                  + " concurrent callers, 1 KiB body)",
              "client",
              "requests/s",
              "p50",
              "p99",
              "errors",
              "throughput / bare",
              "target");
      for (Map.Entry<String, Load.Result> e : results.entrySet()) {
        Load.Result r = e.getValue();
        String target = "";
        if (e.getKey().equals(Clients.FAILSOFT)) {
          target =
              ">= 0.97 x bare: "
                  + r.atLeast(0.97, bare)
                  + "; >= failsafe-okhttp: "
                  + r.atLeast(1.0, failsafe);
        }
        table.row(
            e.getKey(),
            r.rate(),
            LatencyStats.micros(r.p50Nanos()),
            LatencyStats.micros(r.p99Nanos()),
            r.errors(),
            Table.ratio(r.requestsPerSecond(), bare.requestsPerSecond()),
            target);
      }
      table.note(
          rounds
              + " interleaved rounds of "
              + roundMillis
              + " ms per client after a"
              + " 0.5 s warm-up each; requests/s is the median round ± the interquartile range of"
              + " the rounds, p50/p99 over all requests."
              + " The origin shares the 2 cores with the clients.");
      table.print(out);
    } finally {
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }
}
