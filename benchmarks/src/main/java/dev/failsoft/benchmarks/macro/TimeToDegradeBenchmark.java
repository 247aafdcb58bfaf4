package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.servlet.RouteRule;
import dev.failsoft.servlet.StaleIfErrorFilter;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.NginxProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Macro 3: how long a user waits for an answer once the origin refuses, hangs or resets, when a
 * stale copy is stored ({@code Cache-Control: max-age=1, stale-if-error=600}, primed and then left
 * to go stale). Each contender uses upstream timeouts of {@value #TIMEOUT_SECONDS} s, a setting a
 * user would pick; a hanging origin therefore costs the peers that timeout. The answer column says
 * whether the user got the stored page or an error.
 */
public final class TimeToDegradeBenchmark {
  static final int TIMEOUT_SECONDS = 2;
  static final String PAGE = "<html>stored page</html>";
  static final Duration SOFT_DEADLINE = Duration.ofMillis(500);

  /** Failing requests sent before the breaker-open rows: more than its 5 in a row to trip. */
  static final int TRIP_REQUESTS = 12;

  static final String GATEWAY = "Failsoft filter + proxy servlet (Jetty)";
  static final String CLI = "failsoft gateway (cli)";

  /** Asks a contender for the page once. */
  interface Fetch {
    Answer fetch() throws IOException;
  }

  /** A cache in front of the origin: how to ask it for the page, and how to stop it. */
  record Contender(Fetch page, AutoCloseable stop) implements AutoCloseable {
    Answer get() throws IOException {
      return page.fetch();
    }

    @Override
    public void close() throws Exception {
      stop.close();
    }
  }

  /** One answer: status, body, and whether the contender itself says it served a stale copy. */
  record Answer(String status, String body, boolean markedStale) {}

  enum Fault {
    REFUSES,
    HANGS,
    RESETS
  }

  private TimeToDegradeBenchmark() {}

  /** Runs the benchmark and prints its table. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    int requests = quick ? 3 : 10;
    Table table =
        new Table(
            "Macro 3: time to degrade (stale copy stored, origin fails; "
                + requests
                + " requests each)",
            "contender",
            "origin",
            "p50 wait",
            "max wait",
            "answer");
    for (Fault fault : Fault.values()) {
      measure(
          table,
          fault,
          requests,
          0,
          GATEWAY + ", breaker closed",
          (name, origin) -> failsoftGateway(origin, Optional.empty(), false));
    }
    for (Fault fault : Fault.values()) {
      measure(
          table,
          fault,
          requests,
          TRIP_REQUESTS,
          GATEWAY + ", breaker open",
          (name, origin) -> failsoftGateway(origin, Optional.empty(), true));
    }
    for (Fault fault : Fault.values()) {
      measure(
          table,
          fault,
          requests,
          0,
          GATEWAY + ", soft deadline " + SOFT_DEADLINE.toMillis() + " ms",
          (name, origin) -> failsoftGateway(origin, Optional.of(SOFT_DEADLINE), false));
    }
    if (CliGateway.jar().isEmpty()) {
      table.row(
          CLI,
          "all",
          "not measured",
          "",
          "no -D" + CliGateway.JAR_PROPERTY + " (benchmarks/run.sh builds and passes it)");
    } else {
      Path jar = CliGateway.jar().get();
      for (Fault fault : Fault.values()) {
        measure(
            table,
            fault,
            requests,
            0,
            CLI + ", breaker closed",
            (name, origin) -> cliGateway(jar, origin, List.of("--breaker", "off")));
      }
      for (Fault fault : Fault.values()) {
        measure(
            table,
            fault,
            requests,
            TRIP_REQUESTS,
            CLI + ", breaker open",
            (name, origin) -> cliGateway(jar, origin, List.of()));
      }
      for (Fault fault : Fault.values()) {
        measure(
            table,
            fault,
            requests,
            0,
            CLI + ", soft deadline " + SOFT_DEADLINE.toMillis() + " ms",
            (name, origin) ->
                cliGateway(
                    jar,
                    origin,
                    List.of(
                        "--breaker", "off", "--soft-deadline", SOFT_DEADLINE.toMillis() + "ms")));
      }
    }
    for (Fault fault : Fault.values()) {
      measure(
          table,
          fault,
          requests,
          0,
          "httpclient5-cache (stale-if-error enabled)",
          TimeToDegradeBenchmark::httpclient5Cache);
    }
    if (NginxProcess.installed().isEmpty()) {
      table.row(
          "nginx proxy_cache_use_stale",
          "all",
          "skipped",
          "",
          "nginx not installed (Debian package nginx; .ci/run installs it)");
    } else {
      for (Fault fault : Fault.values()) {
        measure(
            table,
            fault,
            requests,
            0,
            "nginx proxy_cache_use_stale",
            TimeToDegradeBenchmark::nginx);
      }
    }
    table.note(
        "Upstream connect and read timeouts are "
            + TIMEOUT_SECONDS
            + " s for every"
            + " contender (the cli gateway also gets --max-attempts 1). The filter + proxy servlet"
            + " rows are Jetty + StaleIfErrorFilter in front of this module's ProxyServlet; the"
            + " Failsoft rows' breaker-closed and soft-deadline rows run with the route's breaker off,"
            + " so that it cannot open mid-row; the breaker-open rows first send "
            + TRIP_REQUESTS
            + " failing requests. \"stale page\" means the stored 200 came back; anything else is what the"
            + " user saw instead.");
    table.print(out);
  }

  interface Factory {
    Contender create(String name, FaultServer origin) throws IOException;
  }

  /**
   * Primes the contender, lets the copy go stale, breaks the origin, sends {@code trip} concurrent
   * unmeasured requests (to open a breaker), then times {@code requests} requests.
   */
  static void measure(
      Table table, Fault fault, int requests, int trip, String name, Factory factory)
      throws Exception {
    FaultServer origin = FaultServer.start();
    origin.respond(cacheable());
    try (Contender contender = factory.create(name, origin)) {
      Answer primed = contender.get();
      if (!primed.status().equals("200")) {
        table.row(
            name, fault.name().toLowerCase(), "error", "", "priming failed: " + primed.status());
        return;
      }
      // Let the copy go stale (max-age=1, and nginx keeps time in whole seconds); the wait is
      // part of the setup, not of a measurement.
      TimeUnit.MILLISECONDS.sleep(2_100);
      switch (fault) {
        case REFUSES -> origin.close();
        case HANGS -> origin.mode(FaultServer.Mode.HANG);
        case RESETS -> origin.mode(FaultServer.Mode.RESET);
        default -> throw new IllegalStateException();
      }
      fireConcurrently(contender, trip);
      LatencyStats waits = new LatencyStats();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        Answer answer;
        try {
          answer = contender.get();
        } catch (IOException e) {
          answer = new Answer(e.getClass().getSimpleName(), "", false);
        }
        waits.add(System.nanoTime() - start);
        String seen;
        if (answer.status().equals("200") && answer.body().equals(PAGE)) {
          seen = answer.markedStale() ? "stale page" : "stored page, NOT marked stale";
        } else {
          seen = "error " + answer.status();
        }
        if (!answers.contains(seen)) {
          answers.add(seen);
        }
      }
      table.row(
          name,
          fault.name().toLowerCase(),
          LatencyStats.millis(waits.percentile(50)),
          LatencyStats.millis(waits.percentile(100)),
          String.join(", ", answers));
    } finally {
      origin.close();
    }
  }

  private static void fireConcurrently(Contender contender, int count) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  contender.get();
                } catch (IOException expected) {
                  // Failures are the point: they open the breaker.
                }
              },
              "degrade-trip-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  static byte[] cacheable() {
    byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            + "Cache-Control: max-age=1, stale-if-error=600\r\n"
            + "Date: "
            + dev.failsoft.http.HttpDate.format(java.time.Instant.now())
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  static Contender httpclient5Cache(String name, FaultServer origin) {
    Timeout timeout = Timeout.ofSeconds(TIMEOUT_SECONDS);
    CloseableHttpClient client =
        CachingHttpClients.custom()
            .setCacheConfig(CacheConfig.custom().setStaleIfErrorEnabled(true).build())
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout)
                            .setSocketTimeout(timeout)
                            .build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
            .disableAutomaticRetries()
            .build();
    String url = origin.url() + "/page";
    return new Contender(
        () -> {
          HttpCacheContext context = HttpCacheContext.create();
          return client.execute(
              new HttpGet(url),
              context,
              response ->
                  new Answer(
                      String.valueOf(response.getCode()),
                      response.getEntity() == null
                          ? ""
                          : EntityUtils.toString(response.getEntity()),
                      // A stale copy served on error comes from the cache module, not the origin.
                      context.getCacheResponseStatus()
                          == CacheResponseStatus.CACHE_MODULE_RESPONSE));
        },
        client);
  }

  static Contender nginx(String name, FaultServer origin) throws IOException {
    CachingNginx nginx = CachingNginx.start(origin.port());
    return front(
        nginx.url() + "/page",
        nginx::close,
        r -> "STALE".equals(r.header(CachingNginx.CACHE_STATUS)));
  }

  static Contender failsoftGateway(
      FaultServer origin, Optional<Duration> softDeadline, boolean breaker) throws IOException {
    RouteRule.Builder rule = RouteRule.forPattern("/*").breaker(breaker);
    softDeadline.ifPresent(rule::softDeadline);
    StaleIfErrorFilter filter = StaleIfErrorFilter.builder().defaultRule(rule.build()).build();
    try {
      JettyApp gateway =
          JettyApp.start(Optional.of(filter), new ProxyServlet(Clients.okhttp(), origin.url()));
      return front(
          gateway.url() + "/page",
          gateway::close,
          r -> ProxyServlet.isMarkedStale(r.header("Cache-Status", "")));
    } catch (Exception e) {
      throw new IOException("gateway did not start", e);
    }
  }

  static Contender cliGateway(Path jar, FaultServer origin, List<String> options)
      throws IOException {
    List<String> all = new ArrayList<>(options);
    // The same 2 s upstream timeouts as every contender, and one attempt: this table is about
    // degrading, not retrying.
    all.addAll(
        List.of(
            "--connect-timeout",
            TIMEOUT_SECONDS + "s",
            "--read-timeout",
            TIMEOUT_SECONDS + "s",
            "--max-attempts",
            "1"));
    CliGateway gateway = CliGateway.start(jar, origin.url(), all);
    return front(
        gateway.url() + "/page",
        gateway::close,
        r -> ProxyServlet.isMarkedStale(r.header("Cache-Status", "")));
  }

  /** A caching front end at {@code url}, asked by a client that outwaits its upstream timeout. */
  static Contender front(String url, AutoCloseable stop, Predicate<okhttp3.Response> markedStale) {
    okhttp3.OkHttpClient http =
        Clients.okhttp().newBuilder().readTimeout(Duration.ofSeconds(10)).build();
    return new Contender(
        () -> {
          try (okhttp3.Response r =
              http.newCall(
                      new okhttp3.Request.Builder().url(url).header("Connection", "close").build())
                  .execute()) {
            return new Answer(String.valueOf(r.code()), r.body().string(), markedStale.test(r));
          }
        },
        stop);
  }
}
