package dev.failsoft.benchmarks.macro;

import dev.failsoft.servlet.RouteRule;
import dev.failsoft.servlet.StaleIfErrorFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Where macro 4's success-path cost goes: the same 16 KiB pages and load as {@link
 * FilterSuccessBenchmark}, behind a filter that only calls the chain, behind {@link
 * StaleIfErrorFilter} with its route off, with the breaker off, and at its defaults. Prints each
 * one's throughput and its ratio to bare Jetty. Run it with {@code java -cp
 * benchmarks/target/benchmarks.jar dev.failsoft.benchmarks.macro.FilterDecomposition}.
 */
public final class FilterDecomposition {
  private FilterDecomposition() {}

  /** Runs 12 interleaved rounds of 2 s with 8 clients and prints one line per contender. */
  public static void main(String[] args) throws Exception {
    Filter chainOnly =
        new Filter() {
          @Override
          public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
              throws IOException, ServletException {
            chain.doFilter(request, response);
          }
        };
    Map<String, Filter> filters = new LinkedHashMap<>();
    filters.put("a filter that only calls the chain", chainOnly);
    filters.put(
        "StaleIfErrorFilter, route off",
        StaleIfErrorFilter.builder()
            .defaultRule(RouteRule.forPattern("/*").enabled(false).build())
            .build());
    filters.put(
        "StaleIfErrorFilter, breaker off",
        StaleIfErrorFilter.builder()
            .defaultRule(RouteRule.forPattern("/*").breaker(false).build())
            .build());
    filters.put("StaleIfErrorFilter at its defaults", StaleIfErrorFilter.builder().build());
    OkHttpClient client = Clients.okhttp();
    Map<String, JettyApp> apps = new LinkedHashMap<>();
    try {
      apps.put("bare Jetty", JettyApp.start(Optional.empty(), new FilterSuccessBenchmark.Pages()));
      for (Map.Entry<String, Filter> f : filters.entrySet()) {
        apps.put(
            f.getKey(),
            JettyApp.start(Optional.of(f.getValue()), new FilterSuccessBenchmark.Pages()));
      }
      Map<String, Load.Call> calls = new LinkedHashMap<>();
      apps.forEach((name, app) -> calls.put(name, pager(client, app.url())));
      Map<String, Load.Result> results =
          Load.compare(calls, FilterSuccessBenchmark.CALLERS, 12, 2_000, 200);
      double bare = results.get("bare Jetty").requestsPerSecond();
      results.forEach(
          (name, r) ->
              System.out.printf(
                  "%-36s %8.0f requests/s  %.2f of bare%n",
                  name, r.requestsPerSecond(), r.requestsPerSecond() / bare));
    } finally {
      for (JettyApp app : apps.values()) {
        app.close();
      }
    }
  }

  private static Load.Call pager(OkHttpClient client, String base) {
    return () ->
        Clients.read(
            client
                .newCall(
                    new Request.Builder()
                        .url(
                            base
                                + "/page/"
                                + ThreadLocalRandom.current().nextInt(FilterSuccessBenchmark.PAGES))
                        .build())
                .execute());
  }
}
