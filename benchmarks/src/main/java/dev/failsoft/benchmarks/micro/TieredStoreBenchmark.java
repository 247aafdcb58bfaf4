package dev.failsoft.benchmarks.micro;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.store.redis.RedisStaleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A lookup of a 2 KiB page among {@value #ENTRIES}: the Caffeine store alone, the tiered store
 * (Caffeine in front of Redis) answering from its front, and the tiered store answering from Redis
 * (the front copy removed before each lookup: a cold replica). Redis is the one named by the system
 * property {@code failsoft.bench.redis} ({@code RedisBench} starts one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TieredStoreBenchmark {
  static final int ENTRIES = 1_000;

  private final CaffeineStaleStore caffeine = CaffeineStaleStore.builder().build();
  private final CaffeineStaleStore front = CaffeineStaleStore.builder().build();
  private RedisStaleStore redis;
  private TieredStaleStore tiered;
  private final RequestHead[] requests = new RequestHead[ENTRIES];
  private final CacheKey[] keys = new CacheKey[ENTRIES];
  private final StoredResponse[] pages = new StoredResponse[ENTRIES];
  private int next;

  /** Fills the stores with the same pages and waits until Redis holds them. */
  @Setup
  public void fill() {
    redis =
        RedisStaleStore.builder()
            .uri(System.getProperty("failsoft.bench.redis", "redis://127.0.0.1:6379"))
            .keyPrefix("bench-" + System.nanoTime() + ":")
            .unauthenticated()
            .build();
    tiered = TieredStaleStore.of(front, redis);
    Instant t = Instant.now();
    for (int i = 0; i < ENTRIES; i++) {
      requests[i] = RequestHead.get("http://shop.example/product/" + i);
      keys[i] = CacheKey.of(requests[i]).orElseThrow();
      pages[i] =
          StoredResponse.of(
              keys[i],
              requests[i],
              ResponseHead.of(200, Headers.of("Cache-Control", "max-age=60")),
              new byte[2048],
              t,
              t);
      caffeine.put(pages[i], Duration.ofHours(1));
      tiered.put(pages[i], Duration.ofHours(1));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (redis.stats().written() < ENTRIES && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  /** Closes the Redis store. */
  @TearDown
  public void close() {
    redis.close();
  }

  private int nextIndex() {
    int i = next;
    next = i + 1 == ENTRIES ? 0 : i + 1;
    return i;
  }

  /** The Caffeine store alone. */
  @Benchmark
  public Optional<StoredResponse> caffeineHit() {
    int i = nextIndex();
    return caffeine.get(keys[i], requests[i]);
  }

  /** The tiered store, answered by its front. */
  @Benchmark
  public Optional<StoredResponse> tieredFrontHit() {
    int i = nextIndex();
    return tiered.get(keys[i], requests[i]);
  }

  /** The tiered store with a cold front: a read from Redis (one round trip, MAC-free). */
  @Benchmark
  public Optional<StoredResponse> tieredRedisHit() {
    int i = nextIndex();
    front.remove(keys[i]);
    return tiered.get(keys[i], requests[i]);
  }
}
