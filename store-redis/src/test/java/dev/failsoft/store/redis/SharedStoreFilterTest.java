package dev.failsoft.store.redis;

import static dev.failsoft.store.redis.testing.Entries.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.store.redis.testing.RedisServer;
import dev.failsoft.store.redis.testing.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of a web application (two real Jetty servers, each with its own {@code
 * StaleIfErrorFilter} and its own local tier) sharing one real Redis through the filter's builder.
 */
class SharedStoreFilterTest {

  private static final byte[] SECRET = new byte[32];
  private static RedisServer redis;
  private static int prefixes;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final String prefix = "shared" + (++prefixes) + ":";

  static {
    Arrays.fill(SECRET, (byte) 7);
  }

  @BeforeAll
  static void startRedis() {
    org.junit.jupiter.api.Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** A replica's store: this JVM's Caffeine store in front of the shared Redis. */
  private RedisStaleStore redisStore() {
    RedisStaleStore store =
        RedisStaleStore.builder()
            .uri(redis.uri())
            .keyPrefix(prefix)
            .keys(SigningKeys.of("k1", SECRET))
            .build();
    closing.add(store);
    return store;
  }

  private Replica replica(RedisStaleStore shared) throws Exception {
    Replica replica =
        new Replica(TieredStaleStore.of(CaffeineStaleStore.builder().build(), shared));
    closing.add(replica);
    return replica;
  }

  @Test
  void aPageStoredThroughOneReplicaIsServedStaleByAnotherAndByAFreshProcess() throws Exception {
    RedisStaleStore storeA = redisStore();
    Replica a = replica(storeA);
    Replica b = replica(redisStore());

    Replica.Response first = a.get("/news");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("page /news");
    await(Duration.ofSeconds(10), "the write to Redis", () -> storeA.stats().written() >= 1);

    a.failing.set(true);
    b.failing.set(true);
    Replica.Response stale = b.get("/news");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("page /news");
    assertThat(stale.header("Cache-Status")).contains("fwd=stale").contains("fwd-status=502");

    // A replica started after the copy was stored: its local tier is empty.
    b.close();
    RedisStaleStore storeC = redisStore();
    Replica c = replica(storeC);
    c.failing.set(true);
    Replica.Response fromRedis = c.get("/news");
    assertThat(fromRedis.status()).isEqualTo(200);
    assertThat(fromRedis.body()).isEqualTo("page /news");
    assertThat(storeC.stats().hits()).isEqualTo(1);

    // Without any copy, the failure passes through.
    assertThat(c.get("/never-stored").status()).isEqualTo(502);
  }

  @Test
  void aFilterConfiguredByInitParamsAloneSharesCopiesThroughRedis(@TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys");
    Files.writeString(keys, "k1:" + Base64.getEncoder().encodeToString(SECRET) + "\n");
    Map<String, String> params =
        Map.of(
            "store",
            redis.uri(),
            "store-key-file",
            keys.toString(),
            "store-prefix",
            prefix,
            "max-stale",
            "10m");
    Replica a = new Replica(params);
    closing.add(a);
    assertThat(a.get("/offers").status()).isEqualTo(200);
    RedisStaleStore reader = redisStore();
    await(
        Duration.ofSeconds(10),
        "the copy in Redis",
        () -> a.get("/offers").status() == 200 && reader.get(offersKey(), offers()).isPresent());

    Replica b = new Replica(params);
    closing.add(b);
    b.failing.set(true);
    Replica.Response stale = b.get("/offers");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("page /offers");
    assertThat(stale.header("Cache-Status")).contains("fwd=stale");
  }

  private static RequestHead offers() {
    return RequestHead.of("GET", "http://" + Replica.HOST + ":80/offers", Headers.empty());
  }

  private static CacheKey offersKey() {
    return CacheKey.of(offers()).orElseThrow();
  }

  @Test
  void whileRedisIsPausedPagesAreServedAndTheLocalTierStillServesStale() throws Exception {
    RedisStaleStore storeA = redisStore();
    Replica a = replica(storeA);
    assertThat(a.get("/home").status()).isEqualTo(200);
    await(Duration.ofSeconds(10), "the write to Redis", () -> storeA.stats().written() >= 1);

    redis.command("CLIENT", "PAUSE", "4000", "ALL");
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      Replica.Response page = a.get("/home");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).isEqualTo("page /home");
    }
    Replica.Response fresh = a.get("/new-page");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(fresh.status()).isEqualTo(200);

    a.failing.set(true);
    Replica.Response stale = a.get("/home");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.header("Cache-Status")).contains("fwd=stale");
    // 21 successes and a stale answer while Redis holds every command for 4 s: none waited on
    // it (the one new page waits at most the read timeout, until the filter reads with peek).
    assertThat(tookMillis).isLessThan(2_000);
  }
}
