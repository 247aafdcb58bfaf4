package dev.failsoft.benchmarks.micro;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StaleDecision;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A store lookup and the stale-if-error decision, on a store of {@value #ENTRIES} pages: Failsoft's
 * default {@link CaffeineStaleStore} + {@link StalePolicy#mayServeStale}, against a hand-rolled
 * stale cache (a Caffeine map of URL to body and expiry, served when within a fixed window). The
 * peer ignores Vary, the response's own directives, Age and Cache-Status.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoreBenchmark {
  static final int ENTRIES = 10_000;

  record Page(byte[] body, long expiresMillis) {}

  private final StalePolicy policy = StalePolicy.shared().build();
  private final CaffeineStaleStore store = CaffeineStaleStore.builder().build();
  private final Cache<String, Page> peer = Caffeine.newBuilder().maximumSize(ENTRIES * 2).build();
  private final RequestHead[] requests = new RequestHead[ENTRIES];
  private final CacheKey[] keys = new CacheKey[ENTRIES];
  private final String[] urls = new String[ENTRIES];
  private Diagnosis failure;
  private Instant now;
  private int next;

  /** Fills both caches with the same pages, stored 5 minutes ago with max-age=60. */
  @Setup
  public void fill() {
    Instant stored = Instant.parse("2026-11-25T22:00:00Z");
    now = stored.plusSeconds(300);
    byte[] body = new byte[2048];
    for (int i = 0; i < ENTRIES; i++) {
      urls[i] = "http://shop.example/product/" + i;
      requests[i] = RequestHead.get(urls[i]);
      keys[i] = CacheKey.of(requests[i]).orElseThrow();
      ResponseHead head =
          new ResponseHead(
              200,
              "OK",
              Headers.of(
                  "Date", HttpDate.format(stored),
                  "Cache-Control", "max-age=60, stale-if-error=86400",
                  "Content-Type", "text/html"));
      StoredResponse response = StoredResponse.of(keys[i], requests[i], head, body, stored, stored);
      store.put(response, Duration.ofDays(2));
      peer.put(urls[i], new Page(body, stored.toEpochMilli() + 60_000));
    }
    failure = Diagnoser.standard().diagnose(ResponseHead.of(502, Headers.empty()), new byte[0]);
  }

  /** Failsoft: lookup by key + Vary match, then the RFC 5861 decision with its headers. */
  @Benchmark
  public StaleDecision failsoftLookupAndDecide() {
    int i = next++ % ENTRIES;
    next = next == Integer.MAX_VALUE ? 0 : next;
    RequestHead request = requests[i];
    StoredResponse hit = store.get(keys[i], request).orElseThrow();
    return policy.mayServeStale(request, hit, failure, now);
  }

  /** Peer: map lookup by URL and a fixed one-day stale window. */
  @Benchmark
  public boolean peerLookupAndDecide() {
    int i = next++ % ENTRIES;
    next = next == Integer.MAX_VALUE ? 0 : next;
    Page page = peer.getIfPresent(urls[i]);
    return page != null && now.toEpochMilli() < page.expiresMillis() + 86_400_000L;
  }
}
