package dev.failsoft.benchmarks.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import dev.failsoft.webflux.StaleIfErrorWebFilter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A WebFlux application on Reactor Netty serving 16 KiB cacheable pages, bare and behind {@link
 * StaleIfErrorWebFilter} at its defaults, with {@value #CALLERS} concurrent loopback clients. The
 * two take turns in short interleaved rounds, so a load spike from elsewhere on the machine hits
 * both alike; throughput is the median round. Ratio: filtered / bare (target &gt;= 0.95).
 */
public final class WebFluxFilterBenchmark {
  static final int CALLERS = 8;
  static final int PAGES = 64;
  static final String BARE = "WebFlux (Reactor Netty)";
  static final String FILTERED = "WebFlux + StaleIfErrorWebFilter";

  private WebFluxFilterBenchmark() {}

  /** One contender's rounds: requests per second in each. */
  record Result(String name, List<Double> perSecond, long requests) {
    double median() {
      double[] sorted = perSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
  }

  /**
   * Runs the benchmark and prints its Markdown table.
   *
   * @param args {@code --quick} for 6 rounds of 1 s each (default 20 rounds of 2 s)
   * @throws Exception if a server cannot start or a page fails
   */
  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    run(quick ? 6 : 20, quick ? 1_000 : 2_000, System.out);
  }

  /** Runs {@code rounds} rounds of {@code roundMillis} per contender and prints the table. */
  static Map<String, Result> run(int rounds, long roundMillis, PrintStream out) throws Exception {
    byte[] page = new byte[16 * 1024];
    Arrays.fill(page, (byte) 'x');
    // Reactor Netty's client, pooled keep-alive connections: the JDK client costs more CPU per
    // request than the server, which would hide the filter's share.
    HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(10));
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    DisposableServer bare = start(page);
    DisposableServer filtered = start(page, StaleIfErrorWebFilter.builder().build());
    Map<String, Result> results = new LinkedHashMap<>();
    try {
      String[] names = {BARE, FILTERED};
      DisposableServer[] servers = {bare, filtered};
      List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
      long[] counts = new long[2];
      // One warm-up round each, not counted.
      for (DisposableServer server : servers) {
        round(client, callers, server, Math.min(roundMillis, 500), page.length);
      }
      for (int r = 0; r < rounds; r++) {
        for (int c = 0; c < servers.length; c++) {
          long start = System.nanoTime();
          long done = round(client, callers, servers[c], roundMillis, page.length);
          double seconds = (System.nanoTime() - start) / 1e9;
          rates.get(c).add(done / seconds);
          counts[c] += done;
        }
      }
      for (int c = 0; c < servers.length; c++) {
        results.put(names[c], new Result(names[c], rates.get(c), counts[c]));
      }
    } finally {
      callers.shutdownNow();
      bare.disposeNow();
      filtered.disposeNow();
    }
    double bareRate = results.values().iterator().next().median();
    double ratio =
        bareRate == 0
            ? 0
            : results.values().stream().skip(1).findFirst().map(Result::median).orElse(0.0)
                / bareRate;
    out.println();
    out.printf(
        "WebFlux filter on the success path: %d callers, 16 KiB pages, %d rounds of %d ms%n%n",
        CALLERS, rounds, roundMillis);
    out.println("| contender | requests/s (median round) | requests | ratio to bare | target |");
    out.println("|---|---|---|---|---|");
    for (Result r : results.values()) {
      boolean isBare = r.name().equals(BARE);
      out.printf(
          "| %s | %.0f | %d | %s | %s |%n",
          r.name(),
          r.median(),
          r.requests(),
          isBare ? "1.00" : String.format("%.2f", ratio),
          isBare ? "" : (ratio >= 0.95 ? ">= 0.95 (meets)" : ">= 0.95 (MISSES)"));
    }
    return results;
  }

  private static DisposableServer start(byte[] page, WebFilter... filters) {
    RouterFunction<ServerResponse> pages =
        RouterFunctions.route(
            GET("/pages/{n}"),
            request ->
                ServerResponse.ok()
                    .contentType(MediaType.TEXT_HTML)
                    .header("Cache-Control", "max-age=1, stale-if-error=600")
                    .bodyValue(page));
    HttpHandler handler =
        WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(pages))
            .filters(list -> list.addAll(List.of(filters)))
            .build();
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle(new ReactorHttpHandlerAdapter(handler))
        .bindNow(Duration.ofSeconds(10));
  }

  /** {@value #CALLERS} callers ask for random pages for {@code millis}; returns the answers. */
  private static long round(
      HttpClient client, ExecutorService callers, DisposableServer server, long millis, int length)
      throws Exception {
    long end = System.nanoTime() + millis * 1_000_000L;
    List<Future<Long>> work = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      work.add(
          callers.submit(
              () -> {
                long n = 0;
                while (System.nanoTime() < end) {
                  int p = ThreadLocalRandom.current().nextInt(PAGES);
                  int[] status = {0};
                  byte[] body =
                      client
                          .get()
                          .uri("http://127.0.0.1:" + server.port() + "/pages/" + p)
                          .responseSingle(
                              (response, bytes) -> {
                                status[0] = response.status().code();
                                return bytes.asByteArray();
                              })
                          .block(Duration.ofSeconds(10));
                  if (status[0] != 200 || body == null || body.length != length) {
                    throw new IllegalStateException(
                        "page " + p + ": " + status[0] + " (expected: 200 with the whole page)");
                  }
                  n++;
                }
                return n;
              }));
    }
    long total = 0;
    for (Future<Long> f : work) {
      total += f.get();
    }
    return total;
  }
}
