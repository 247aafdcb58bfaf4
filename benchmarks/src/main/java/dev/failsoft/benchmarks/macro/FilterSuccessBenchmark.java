package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.servlet.StaleIfErrorFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Macro 4: a Jetty application serving 16 KiB pages, bare and behind {@link StaleIfErrorFilter} at
 * its defaults, with {@value #CALLERS} concurrent clients; then the same filter serving its stored
 * copies while the application fails with 503 (stale serving). Ratios: filtered / bare (target >=
 * 0.95) and stale / fresh through the filter (target >= 1.0).
 */
public final class FilterSuccessBenchmark {
  static final int CALLERS = 8;
  static final int PAGES = 64;
  static final String BARE = "Jetty";
  static final String FILTERED = "Jetty + StaleIfErrorFilter (fresh)";
  static final String STALE = "Jetty + StaleIfErrorFilter (app fails: stale)";

  private FilterSuccessBenchmark() {}

  /** A servlet that answers 16 KiB cacheable pages, or 503 while told to fail. */
  static final class Pages extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient byte[] page = new byte[16 * 1024];
    final AtomicBoolean failing = new AtomicBoolean();

    Pages() {
      Arrays.fill(page, (byte) 'x');
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (failing.get()) {
        resp.sendError(503);
        return;
      }
      resp.setContentType("text/html");
      resp.setHeader("Cache-Control", "max-age=1, stale-if-error=600");
      resp.setContentLength(page.length);
      resp.getOutputStream().write(page);
    }
  }

  /** Runs the benchmark and prints its table. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    int rounds = quick ? 6 : 20;
    long roundMillis = quick ? 1_000 : 2_000;
    Pages bareApp = new Pages();
    Pages filteredApp = new Pages();
    Pages staleApp = new Pages();
    Filter filter = StaleIfErrorFilter.builder().build();
    Filter staleFilter = StaleIfErrorFilter.builder().build();
    OkHttpClient client = Clients.okhttp();
    try (JettyApp bareJetty = JettyApp.start(Optional.empty(), bareApp);
        JettyApp filteredJetty = JettyApp.start(Optional.of(filter), filteredApp);
        JettyApp staleJetty = JettyApp.start(Optional.of(staleFilter), staleApp)) {
      for (int i = 0; i < PAGES; i++) {
        get(client, staleJetty.url(), i);
      }
      staleApp.failing.set(true);
      Map<String, Load.Call> contenders = new LinkedHashMap<>();
      contenders.put(BARE, pager(client, bareJetty.url()));
      contenders.put(FILTERED, pager(client, filteredJetty.url()));
      contenders.put(STALE, pager(client, staleJetty.url()));
      Map<String, Load.Result> results =
          Load.compare(contenders, CALLERS, rounds, roundMillis, 200);
      Load.Result bare = results.get(BARE);
      Load.Result fresh = results.get(FILTERED);
      Table table =
          new Table(
              "Macro 4: servlet filter success path (Jetty 12, 16 KiB pages, "
                  + CALLERS
                  + " concurrent clients)",
              "server",
              "requests/s",
              "p50",
              "p99",
              "errors",
              "ratio",
              "target");
      for (Map.Entry<String, Load.Result> e : results.entrySet()) {
        Load.Result r = e.getValue();
        String ratio;
        String target;
        if (e.getKey().equals(BARE)) {
          ratio = "1.00";
          target = "";
        } else if (e.getKey().equals(FILTERED)) {
          ratio = Table.ratio(r.requestsPerSecond(), bare.requestsPerSecond()) + " of bare";
          target = ">= 0.95: " + r.atLeast(0.95, bare);
        } else {
          ratio = Table.ratio(r.requestsPerSecond(), fresh.requestsPerSecond()) + " of fresh";
          target = ">= 1.0: " + r.atLeast(1.0, fresh);
        }
        table.row(
            e.getKey(),
            r.rate(),
            LatencyStats.micros(r.p50Nanos()),
            LatencyStats.micros(r.p99Nanos()),
            r.errors(),
            ratio,
            target);
      }
      table.note(
          rounds
              + " interleaved rounds of "
              + roundMillis
              + " ms each over "
              + PAGES
              + " URLs; requests/s is the median round ± the interquartile range of the rounds. The stale row expects 200 (a stored copy) while the application answers"
              + " 503, so any error there is a page the filter did not save.");
      table.print(out);
    }
  }

  static Load.Call pager(OkHttpClient client, String base) {
    return () -> get(client, base, ThreadLocalRandom.current().nextInt(PAGES));
  }

  static int get(OkHttpClient client, String base, int page) throws IOException {
    return Clients.read(
        client.newCall(new Request.Builder().url(base + "/page/" + page).build()).execute());
  }
}
