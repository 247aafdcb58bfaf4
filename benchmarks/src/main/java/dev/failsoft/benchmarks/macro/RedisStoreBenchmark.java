package dev.failsoft.benchmarks.macro;

import dev.failsoft.benchmarks.Table;
import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.http.RequestHead;
import dev.failsoft.servlet.StaleIfErrorFilter;
import dev.failsoft.store.redis.RedisStaleStore;
import dev.failsoft.store.redis.SigningKeys;
import dev.failsoft.store.redis.testing.RedisServer;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The Redis store under the servlet filter, on real redis-servers on loopback: the success path's
 * throughput with the memory store, the tiered Redis store, and the tiered Redis store while its
 * Redis is paused ({@code CLIENT PAUSE}); then the time to a stale answer on a cold replica (its
 * local tier empty, the copy in Redis) against a warm one.
 */
public final class RedisStoreBenchmark {
  static final int CALLERS = 8;
  static final int PAGES = FilterSuccessBenchmark.PAGES;
  static final String MEMORY = "filter, memory store";
  static final String REDIS = "filter, tiered Redis store";
  static final String PAUSED = "filter, tiered Redis store, Redis paused";

  private RedisStoreBenchmark() {}

  private static RedisStaleStore redis(RedisServer server) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 1);
    return RedisStaleStore.builder()
        .uri(server.uri())
        .keys(SigningKeys.of("bench", secret))
        .keyPrefix("bench-" + System.nanoTime() + ":")
        .build();
  }

  /** Runs both parts and prints their tables. */
  public static void run(boolean quick, PrintStream out) throws Exception {
    if (!RedisServer.installed()) {
      out.println("\n### Redis store: skipped, " + RedisServer.MISSING);
      return;
    }
    try (RedisServer server = RedisServer.start();
        RedisServer paused = RedisServer.start()) {
      successPath(quick, server, paused, out);
      coldReplica(quick, server, out);
    }
  }

  private static void successPath(
      boolean quick, RedisServer server, RedisServer pausedServer, PrintStream out)
      throws Exception {
    int rounds = quick ? 6 : 20;
    long roundMillis = quick ? 1_000 : 2_000;
    OkHttpClient client = Clients.okhttp();
    try (RedisStaleStore shared = redis(server);
        RedisStaleStore pausedStore = redis(pausedServer);
        JettyApp memory =
            JettyApp.start(
                Optional.of(StaleIfErrorFilter.builder().build()),
                new FilterSuccessBenchmark.Pages());
        JettyApp redis =
            JettyApp.start(
                Optional.of(
                    StaleIfErrorFilter.builder()
                        .store(TieredStaleStore.of(CaffeineStaleStore.builder().build(), shared))
                        .build()),
                new FilterSuccessBenchmark.Pages());
        JettyApp paused =
            JettyApp.start(
                Optional.of(
                    StaleIfErrorFilter.builder()
                        .store(
                            TieredStaleStore.of(CaffeineStaleStore.builder().build(), pausedStore))
                        .build()),
                new FilterSuccessBenchmark.Pages())) {
      // Connected first (a loaded machine can outlast the store's startup wait), then paused
      // for longer than the whole run: every command waits, none is answered.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(shared.connected() && pausedStore.connected()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      pausedServer.command("CLIENT", "PAUSE", "600000", "ALL");
      Map<String, Load.Call> contenders = new LinkedHashMap<>();
      contenders.put(MEMORY, FilterSuccessBenchmark.pager(client, memory.url()));
      contenders.put(REDIS, FilterSuccessBenchmark.pager(client, redis.url()));
      contenders.put(PAUSED, FilterSuccessBenchmark.pager(client, paused.url()));
      Map<String, Load.Result> results =
          Load.compare(contenders, CALLERS, rounds, roundMillis, 200);
      Load.Result base = results.get(MEMORY);
      Table table =
          new Table(
              "Redis store: servlet filter success path (Jetty 12, 16 KiB pages, "
                  + CALLERS
                  + " concurrent clients, redis-server 7.0 on loopback)",
              "server",
              "requests/s",
              "p50",
              "p99",
              "errors",
              "ratio to memory",
              "target");
      for (Map.Entry<String, Load.Result> e : results.entrySet()) {
        Load.Result r = e.getValue();
        boolean isBase = e.getKey().equals(MEMORY);
        table.row(
            e.getKey(),
            r.rate(),
            LatencyStats.micros(r.p50Nanos()),
            LatencyStats.micros(r.p99Nanos()),
            r.errors(),
            isBase ? "1.00" : Table.ratio(r.requestsPerSecond(), base.requestsPerSecond()),
            isBase ? "" : ">= 0.97: " + r.atLeast(0.97, base));
      }
      table.note(
          rounds
              + " interleaved rounds of "
              + roundMillis
              + " ms over "
              + PAGES
              + " URLs. Redis writes: "
              + shared.stats().written()
              + " confirmed, "
              + shared.stats().writesCoalesced()
              + " coalesced; with Redis paused, reads timed out "
              + pausedStore.stats().readTimeouts()
              + " times, the breaker opened "
              + pausedStore.stats().breakerOpened()
              + " times and "
              + pausedStore.stats().shortCircuited()
              + " reads and writes were not sent.");
      table.print(out);
    }
  }

  private static void coldReplica(boolean quick, RedisServer server, PrintStream out)
      throws Exception {
    int samples = quick ? 400 : 2_000;
    OkHttpClient client = Clients.okhttp();
    {
      FilterSuccessBenchmark.Pages app = new FilterSuccessBenchmark.Pages();
      CaffeineStaleStore front = CaffeineStaleStore.builder().build();
      String prefix;
      try (RedisStaleStore reader = redis(server);
          JettyApp replica =
              JettyApp.start(
                  Optional.of(
                      StaleIfErrorFilter.builder()
                          .store(TieredStaleStore.of(front, reader))
                          .build()),
                  app)) {
        prefix = replica.url();
        for (int i = 0; i < PAGES; i++) {
          FilterSuccessBenchmark.get(client, prefix, i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reader.stats().written() < PAGES && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        app.failing.set(true);
        LatencyStats cold = new LatencyStats();
        LatencyStats warm = new LatencyStats();
        int errors = 0;
        for (int s = 0; s < samples; s++) {
          int page = s % PAGES;
          front.remove(key(prefix, page));
          long start = System.nanoTime();
          errors += FilterSuccessBenchmark.get(client, prefix, page) == 200 ? 0 : 1;
          cold.add(System.nanoTime() - start);
          start = System.nanoTime();
          errors += FilterSuccessBenchmark.get(client, prefix, page) == 200 ? 0 : 1;
          warm.add(System.nanoTime() - start);
        }
        Table table =
            new Table(
                "Redis store: time to a stale answer (app fails with 503; 16 KiB pages, one"
                    + " client)",
                "replica",
                "p50",
                "p99",
                "errors",
                "p50 ratio to warm");
        table.row(
            "warm (copy in the local tier)",
            LatencyStats.micros(warm.percentile(50)),
            LatencyStats.micros(warm.percentile(99)),
            "",
            "1.00");
        table.row(
            "cold (local tier empty, copy read from Redis)",
            LatencyStats.micros(cold.percentile(50)),
            LatencyStats.micros(cold.percentile(99)),
            errors,
            Table.ratio(cold.percentile(50), warm.percentile(50)));
        table.note(
            samples
                + " samples each, alternating; a cold sample removes the page from the replica's"
                + " local tier first, so the filter reads it from Redis (one script call, HMAC"
                + " check). Redis reads: "
                + reader.stats().hits()
                + " hits, "
                + reader.stats().misses()
                + " misses.");
        table.print(out);
      }
    }
  }

  private static CacheKey key(String base, int page) {
    return CacheKey.of(RequestHead.get(base + "/page/" + page)).orElseThrow();
  }
}
