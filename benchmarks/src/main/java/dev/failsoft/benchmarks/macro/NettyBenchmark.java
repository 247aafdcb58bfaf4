package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.netty.StaleIfErrorHandler;
import dev.failsoft.testing.NginxProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Macro 7: Netty. (a) A plain Netty server answering 16 KiB pages, bare and with {@link
 * StaleIfErrorHandler} (fresh, and serving stored copies while the application answers 503), and
 * the bytes the server's event loops allocate per request with and without the handler. (b) The
 * {@code failsoft gateway} on each engine, and nginx with {@code proxy_cache_use_stale}, in front
 * of a Netty origin, on the success path and while the origin fails.
 */
public final class NettyBenchmark {
  static final int CALLERS = 8;
  static final int PAGES = 64;

  private NettyBenchmark() {}

  /** Runs both parts and prints their tables. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    handler(quick, out);
    gateways(quick, out);
  }

  private static void handler(boolean quick, PrintStream out) throws Exception {
    int rounds = quick ? 6 : 20;
    long roundMillis = quick ? 1_000 : 2_000;
    OkHttpClient client = Clients.okhttp();
    try (NettyPages bare = new NettyPages("bare", Optional.empty());
        NettyPages fresh =
            new NettyPages("handler", Optional.of(StaleIfErrorHandler.builder().build()));
        NettyPages stale =
            new NettyPages("stale", Optional.of(StaleIfErrorHandler.builder().build()))) {
      for (int i = 0; i < PAGES; i++) {
        get(client, stale.url(), i);
      }
      stale.failing.set(true);
      Map<String, Load.Call> contenders = new LinkedHashMap<>();
      contenders.put("Netty", pager(client, bare.url()));
      contenders.put("Netty + StaleIfErrorHandler (fresh)", pager(client, fresh.url()));
      contenders.put("Netty + StaleIfErrorHandler (app fails: stale)", pager(client, stale.url()));
      Map<String, Load.Result> results =
          Load.compare(contenders, CALLERS, rounds, roundMillis, 200);
      List<Load.Result> r = new ArrayList<>(results.values());
      int n = quick ? 5_000 : 20_000;
      double bareBytes = allocationPerRequest(client, bare, n);
      double freshBytes = allocationPerRequest(client, fresh, n);
      double staleBytes = allocationPerRequest(client, stale, n);
      Table table =
          new Table(
              "Macro 7a: Netty handler success path (Netty "
                  + io.netty.util.Version.identify().get("netty-codec-http").artifactVersion()
                  + ", 16 KiB pages, "
                  + CALLERS
                  + " concurrent clients)",
              "server",
              "requests/s",
              "p50",
              "p99",
              "errors",
              "bytes allocated / request (server threads)",
              "ratio",
              "target");
      double[] bytes = {bareBytes, freshBytes, staleBytes};
      String[] names = results.keySet().toArray(new String[0]);
      for (int i = 0; i < r.size(); i++) {
        Load.Result x = r.get(i);
        String ratio =
            i == 0
                ? "1.00"
                : i == 1
                    ? Table.ratio(x.requestsPerSecond(), r.get(0).requestsPerSecond()) + " of bare"
                    : Table.ratio(x.requestsPerSecond(), r.get(1).requestsPerSecond())
                        + " of fresh";
        String target =
            i == 0
                ? ""
                : i == 1
                    ? ">= 0.95: " + x.atLeast(0.95, r.get(0))
                    : ">= 1.0: " + x.atLeast(1.0, r.get(1));
        table.row(
            names[i],
            x.rate(),
            LatencyStats.micros(x.p50Nanos()),
            LatencyStats.micros(x.p99Nanos()),
            x.errors(),
            String.format("%.0f", bytes[i]),
            ratio,
            target);
      }
      table.note(
          rounds
              + " interleaved rounds of "
              + roundMillis
              + " ms over "
              + PAGES
              + " URLs, 2 event loop threads per server; allocation: "
              + n
              + " sequential requests per server after the load, bytes counted on that server's"
              + " event loop threads only (ThreadMXBean), so the client's own allocation is"
              + " left out.");
      table.print(out);
    }
  }

  private static double allocationPerRequest(OkHttpClient client, NettyPages server, int n)
      throws IOException {
    for (int i = 0; i < 500; i++) {
      get(client, server.url(), i % PAGES);
    }
    long before = server.allocatedBytes();
    for (int i = 0; i < n; i++) {
      get(client, server.url(), i % PAGES);
    }
    return (server.allocatedBytes() - before) / (double) n;
  }

  private static void gateways(boolean quick, PrintStream out) throws Exception {
    Optional<Path> jar = CliGateway.jar();
    if (jar.isEmpty()) {
      out.println(
          "\n### Macro 7b skipped: no -D"
              + CliGateway.JAR_PROPERTY
              + " (benchmarks/run.sh builds and passes it)");
      return;
    }
    int rounds = quick ? 6 : 20;
    long roundMillis = quick ? 1_000 : 2_000;
    OkHttpClient client = Clients.okhttp();
    List<AutoCloseable> closing = new ArrayList<>();
    try {
      Map<String, Load.Call> contenders = new LinkedHashMap<>();
      List<NettyPages> failing = new ArrayList<>();
      boolean nginx = NginxProcess.installed().isPresent();
      for (String path : new String[] {"success", "stale"}) {
        for (String engine :
            nginx ? List.of("jetty", "netty", "nginx") : List.of("jetty", "netty")) {
          NettyPages origin = new NettyPages("origin-" + engine + "-" + path, Optional.empty());
          closing.add(origin);
          String url;
          if (engine.equals("nginx")) {
            CachingNginx proxy =
                CachingNginx.start(Integer.parseInt(origin.url().replaceAll(".*:", "")));
            closing.add(proxy);
            url = proxy.url();
          } else {
            CliGateway g = CliGateway.start(jar.get(), origin.url(), List.of("--engine", engine));
            closing.add(g);
            url = g.url();
          }
          String name =
              (engine.equals("nginx")
                      ? "nginx proxy_cache_use_stale"
                      : "failsoft gateway --engine " + engine)
                  + (path.equals("stale") ? " (origin fails: stale)" : " (success)");
          contenders.put(name, pager(client, url));
          if (path.equals("stale")) {
            for (int i = 0; i < PAGES; i++) {
              get(client, url, i);
            }
            failing.add(origin);
          }
        }
      }
      failing.forEach(o -> o.failing.set(true));
      Map<String, Load.Result> results =
          Load.compare(contenders, CALLERS, rounds, roundMillis, 200);
      Table table =
          new Table(
              "Macro 7b: gateways in front of a Netty origin (16 KiB pages, "
                  + CALLERS
                  + " concurrent clients)",
              "gateway",
              "requests/s",
              "p50",
              "p99",
              "errors",
              "ratio to the Jetty engine, same path");
      Map<String, Load.Result> jetty = new LinkedHashMap<>();
      results.forEach(
          (k, v) -> {
            if (k.contains("--engine jetty")) {
              jetty.put(k.contains("stale") ? "stale" : "success", v);
            }
          });
      results.forEach(
          (k, v) ->
              table.row(
                  k,
                  v.rate(),
                  LatencyStats.micros(v.p50Nanos()),
                  LatencyStats.micros(v.p99Nanos()),
                  v.errors(),
                  Table.ratio(
                      v.requestsPerSecond(),
                      jetty.get(k.contains("stale") ? "stale" : "success").requestsPerSecond())));
      table.note(
          rounds
              + " interleaved rounds of "
              + roundMillis
              + " ms; each gateway is its own JVM (the failsoft jar) or nginx process with its own"
              + " origin; gateways at their defaults (breaker on: while the origin fails, the open"
              + " breaker answers from the stored copy). The stale rows expect 200 while the origin"
              + " answers 503.");
      table.print(out);
    } finally {
      for (AutoCloseable c : closing) {
        c.close();
      }
    }
  }

  private static Load.Call pager(OkHttpClient client, String base) {
    return () -> get(client, base, ThreadLocalRandom.current().nextInt(PAGES));
  }

  private static int get(OkHttpClient client, String base, int page) throws IOException {
    return Clients.read(
        client.newCall(new Request.Builder().url(base + "/page/" + page).build()).execute());
  }
}
