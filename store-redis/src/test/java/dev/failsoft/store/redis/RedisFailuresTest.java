package dev.failsoft.store.redis;

import static dev.failsoft.store.redis.testing.Entries.await;
import static dev.failsoft.store.redis.testing.Entries.get;
import static dev.failsoft.store.redis.testing.Entries.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.store.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis killed, paused (CLIENT PAUSE) and restarted under a tiered store. */
class RedisFailuresTest {

  private static final byte[] SECRET = new byte[32];

  static {
    Arrays.fill(SECRET, (byte) 3);
  }

  private RedisServer redis;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void startRedis() {
    org.junit.jupiter.api.Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private RedisStaleStore redisStore() {
    RedisStaleStore store =
        RedisStaleStore.builder()
            .uri(redis.uri())
            .keys(SigningKeys.of("k1", SECRET))
            .breakerOpen(Duration.ofMillis(300))
            .build();
    closing.add(store);
    return store;
  }

  private static TieredStaleStore tiered(RedisStaleStore back) {
    return TieredStaleStore.of(CaffeineStaleStore.builder().build(), back);
  }

  @Test
  void whileRedisIsPausedTheSuccessPathDoesNotWaitAndReadsMissWithinTheTimeout() throws Exception {
    RedisStaleStore back = redisStore();
    TieredStaleStore store = tiered(back);
    StoredResponse local = ok("https://shop.example/local", "local");
    store.put(local, Duration.ofMinutes(5));
    RedisStaleStore other = redisStore();
    StoredResponse remote = ok("https://shop.example/remote", "remote");
    other.put(remote, Duration.ofMinutes(5));
    await(
        Duration.ofSeconds(10),
        "writes",
        () -> back.stats().written() + other.stats().written() >= 2);

    redis.command("CLIENT", "PAUSE", "3000", "ALL");

    // The success path: compare with the local copy (peek) and store; nothing waits on Redis.
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertThat(store.peek(local.key(), get("https://shop.example/local"))).contains(local);
      assertThat(store.put(ok("https://shop.example/p" + (i % 20), "x" + i), Duration.ofMinutes(1)))
          .isTrue();
    }
    long successMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(successMillis).isLessThan(1_000);
    assertThat(back.stats().writesCoalesced()).isPositive();

    // The local tier still answers; a copy only Redis holds misses within the read timeout.
    assertThat(store.get(local.key(), get("https://shop.example/local"))).contains(local);
    long readStart = System.nanoTime();
    assertThat(store.get(remote.key(), get("https://shop.example/remote"))).isEmpty();
    assertThat((System.nanoTime() - readStart) / 1_000_000).isLessThan(1_000);
    assertThat(back.stats().readTimeouts()).isEqualTo(1);

    // Enough failures open the breaker: later reads do not even try.
    store.get(remote.key(), get("https://shop.example/remote"));
    store.get(remote.key(), get("https://shop.example/remote"));
    assertThat(back.stats().breakerOpened()).isEqualTo(1);
    store.get(remote.key(), get("https://shop.example/remote"));
    assertThat(back.stats().shortCircuited()).isPositive();

    // After the pause, a probe closes the breaker and reads find the copy again.
    await(
        Duration.ofSeconds(15),
        "a read after the pause",
        () -> back.get(remote.key(), get("https://shop.example/remote")).isPresent());
    await(Duration.ofSeconds(15), "queued writes", () -> back.queuedWrites() == 0);
  }

  @Test
  void whenRedisIsKilledReadsMissAtOnceAndAfterARestartTheStoreReconnectsByItself()
      throws Exception {
    RedisStaleStore back = redisStore();
    TieredStaleStore store = tiered(back);
    StoredResponse before = ok("https://shop.example/before", "before");
    store.put(before, Duration.ofMinutes(5));
    await(Duration.ofSeconds(10), "the write", () -> back.stats().written() >= 1);

    redis.kill();
    await(Duration.ofSeconds(10), "the disconnect", () -> !back.connected());

    long start = System.nanoTime();
    assertThat(back.get(before.key(), get("https://shop.example/before"))).isEmpty();
    assertThat(store.get(before.key(), get("https://shop.example/before"))).contains(before);
    StoredResponse during = ok("https://shop.example/during", "during");
    assertThat(store.put(during, Duration.ofMinutes(5))).isTrue();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    assertThat(back.stats().shortCircuited()).isPositive();

    // Same port, empty Redis (nothing persisted): Lettuce reconnects, the queued write lands.
    redis.restart();
    await(Duration.ofSeconds(30), "the reconnect", back::connected);
    await(Duration.ofSeconds(10), "the queued write", () -> back.stats().written() >= 2);
    RedisStaleStore fresh = redisStore();
    assertThat(fresh.get(during.key(), get("https://shop.example/during"))).contains(during);
    assertThat(fresh.get(before.key(), get("https://shop.example/before")))
        .as("lost with the killed Redis")
        .isEqualTo(Optional.empty());
  }
}
