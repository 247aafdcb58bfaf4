package dev.failsoft.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.benchmarks.macro.JettyApp;
import dev.failsoft.benchmarks.macro.ProxyServlet;
import dev.failsoft.servlet.RouteRule;
import dev.failsoft.servlet.StaleIfErrorFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak: many concurrent clients against a Failsoft gateway (Jetty + {@link
 * StaleIfErrorFilter} in front of a {@link ProxyServlet}) while the origin flaps between healthy,
 * refusing, hanging and resetting every {@value #FLAP_MILLIS} ms. Every response must be fresh,
 * marked stale, or a clean error with {@code Proxy-Status}; no response may carry another URL's
 * body; the heap must stay under the store's cap plus a fixed margin; no thread may leak.
 *
 * <p>Short in CI ({@value #CI_SECONDS} s, {@value #CI_CLIENTS} clients); the long form is {@code
 * -Dfailsoft.soak.seconds=60 -Dfailsoft.soak.clients=200}.
 */
class ChaosSoakTest {
  static final int CI_SECONDS = 12;
  static final int CI_CLIENTS = 50;
  static final long FLAP_MILLIS = 2_000;
  static final int URLS = 100;
  static final long STORE_CAP = 64L << 20;
  static final long HEAP_MARGIN = 64L << 20;

  /** Pooled daemon threads that outlive a test by design (they idle out on their own). */
  static final List<String> POOLED =
      List.of(
          "OkHttp TaskRunner",
          "Okio Watchdog",
          "ForkJoinPool",
          "process reaper",
          "Common-Cleaner",
          "Attach Listener");

  record Outcome(long fresh, long stale, long cleanErrors, List<String> violations) {}

  @Test
  void everyResponseIsFreshStaleOrACleanErrorWhileTheOriginFlaps() throws Exception {
    int seconds = Integer.getInteger("failsoft.soak.seconds", CI_SECONDS);
    int clients =
        Integer.getInteger("failsoft.soak.clients", seconds > CI_SECONDS ? 200 : CI_CLIENTS);
    Set<String> threadsBefore = liveThreads();
    long heapBefore = usedHeapAfterGc();

    Outcome outcome;
    long heapDuring;
    try (FlappingOrigin origin = new FlappingOrigin()) {
      OkHttpClient upstream =
          new OkHttpClient.Builder()
              .connectTimeout(Duration.ofMillis(500))
              .readTimeout(Duration.ofMillis(700))
              .retryOnConnectionFailure(false)
              .connectionPool(new ConnectionPool(64, 10, java.util.concurrent.TimeUnit.SECONDS))
              .build();
      upstream.dispatcher().setMaxRequestsPerHost(clients);
      StaleIfErrorFilter filter =
          StaleIfErrorFilter.builder()
              .defaultRule(RouteRule.forPattern("/*").softDeadline(Duration.ofMillis(400)).build())
              .build();
      try (JettyApp gateway =
          JettyApp.start(
              Optional.of(filter),
              new ProxyServlet(upstream, "http://127.0.0.1:" + origin.port()))) {
        outcome = soak(origin, gateway.url(), seconds, clients);
        heapDuring = usedHeapAfterGc();
      } finally {
        upstream.dispatcher().executorService().shutdown();
        upstream.connectionPool().evictAll();
      }
    }

    System.out.printf(
        "chaos soak: %d s, %d clients: %d fresh, %d stale, %d clean errors,"
            + " %d violations; heap growth %.1f MiB%n",
        seconds,
        clients,
        outcome.fresh(),
        outcome.stale(),
        outcome.cleanErrors(),
        outcome.violations().size(),
        (heapDuring - heapBefore) / 1048576.0);
    assertThat(outcome.violations())
        .as("responses that were neither fresh, stale nor a clean" + " error (first 20)")
        .isEmpty();
    assertThat(outcome.fresh()).as("fresh responses").isPositive();
    assertThat(outcome.stale()).as("stale responses").isPositive();
    assertThat(heapDuring - heapBefore).as("heap growth").isLessThan(STORE_CAP + HEAP_MARGIN);
    assertThat(awaitNoLeakedThreads(threadsBefore)).as("threads left behind").isEmpty();
  }

  static Outcome soak(FlappingOrigin origin, String gateway, int seconds, int clients)
      throws Exception {
    AtomicLong fresh = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    AtomicLong clean = new AtomicLong();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    OkHttpClient client =
        new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(10))
            .connectionPool(new ConnectionPool(clients, 10, java.util.concurrent.TimeUnit.SECONDS))
            .build();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Thread flapper =
        new Thread(
            () -> {
              FlappingOrigin.Mode[] cycle = FlappingOrigin.Mode.values();
              int i = 0;
              try {
                while (System.nanoTime() < end) {
                  Thread.sleep(FLAP_MILLIS);
                  origin.mode(cycle[++i % cycle.length]);
                }
                origin.mode(FlappingOrigin.Mode.HEALTHY);
              } catch (InterruptedException | IOException e) {
                violations.add("flapper stopped: " + e);
              }
            },
            "soak-flapper");
    flapper.start();
    List<Thread> callers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  String path = "/page/" + ThreadLocalRandom.current().nextInt(URLS);
                  try (Response r =
                      client.newCall(new Request.Builder().url(gateway + path).build()).execute()) {
                    String body = r.body().string();
                    String cacheStatus = r.header("Cache-Status", "");
                    boolean ownBody = body.startsWith(FlappingOrigin.BODY_PREFIX + path + "\n");
                    if (r.code() == 200 && ownBody) {
                      (ProxyServlet.isMarkedStale(cacheStatus) ? stale : fresh).incrementAndGet();
                    } else if (r.code() >= 500 && r.header("Proxy-Status") != null) {
                      clean.incrementAndGet();
                    } else {
                      record(
                          violations,
                          r.code()
                              + " "
                              + path
                              + " Cache-Status="
                              + cacheStatus
                              + " Proxy-Status="
                              + r.header("Proxy-Status")
                              + " body="
                              + body.substring(0, Math.min(40, body.length())));
                    }
                  } catch (IOException e) {
                    record(violations, path + " " + e);
                  }
                }
              },
              "soak-client-" + c);
      t.start();
      callers.add(t);
    }
    for (Thread t : callers) {
      t.join();
    }
    flapper.join();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    return new Outcome(fresh.get(), stale.get(), clean.get(), new ArrayList<>(violations));
  }

  private static void record(ConcurrentLinkedQueue<String> violations, String what) {
    if (violations.size() < 20) {
      violations.add(what);
    }
  }

  static Set<String> liveThreads() {
    Set<String> names = ConcurrentHashMap.newKeySet();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (t.isAlive() && POOLED.stream().noneMatch(t.getName()::startsWith)) {
        names.add(t.getName() + "#" + t.getId());
      }
    }
    return names;
  }

  /** Threads alive now that were not before, after giving stopping threads a few seconds. */
  static Set<String> awaitNoLeakedThreads(Set<String> before) throws InterruptedException {
    Set<String> leaked = Set.of();
    for (int i = 0; i < 50; i++) {
      leaked = liveThreads();
      leaked.removeAll(before);
      if (leaked.isEmpty()) {
        return leaked;
      }
      Thread.sleep(100);
    }
    return leaked;
  }

  static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
