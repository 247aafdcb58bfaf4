package dev.failsoft.store.redis;

import static dev.failsoft.store.redis.testing.Entries.await;
import static dev.failsoft.store.redis.testing.Entries.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleStores;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.store.redis.internal.KeyNames;
import dev.failsoft.store.redis.testing.RedisCluster;
import dev.failsoft.store.redis.testing.RedisServer;
import dev.failsoft.store.redis.testing.Replica;
import java.nio.charset.StandardCharsets;
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
 * A Redis Cluster of three masters on loopback: replicas share pages whose keys sit in slots of
 * every master, and when a master is killed the others keep serving.
 */
class RedisClusterTest {

  private static final int PAGES = 24;
  private static RedisCluster cluster;

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    org.junit.jupiter.api.Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** What a replica configured with strings opens: {@code store=redis-cluster://...}. */
  private TieredStaleStore store() throws Exception {
    Path keys = dir.resolve("keys");
    if (!Files.exists(keys)) {
      byte[] secret = new byte[32];
      Arrays.fill(secret, (byte) 5);
      Files.writeString(keys, "k1:" + Base64.getEncoder().encodeToString(secret) + "\n");
    }
    StaleStore store =
        StaleStores.open(cluster.location(), Map.of(StaleStores.KEY_FILE, keys.toString()));
    closing.add((AutoCloseable) store);
    return (TieredStaleStore) store;
  }

  private Replica replica(StaleStore store) throws Exception {
    Replica replica = new Replica(store);
    closing.add(replica);
    return replica;
  }

  private static RedisStaleStore redis(TieredStaleStore store) {
    return (RedisStaleStore) store.back();
  }

  private static CacheKey key(int page) {
    // The filter keys by the container's view: scheme, Host and port.
    return CacheKey.of(get("http://" + Replica.HOST + ":80/p" + page)).orElseThrow();
  }

  /** Returns the master holding {@code page}'s index key. */
  private static int masterOf(int page) throws Exception {
    String index =
        new String(
            KeyNames.of(RedisStaleStore.DEFAULT_KEY_PREFIX, key(page)).index(),
            StandardCharsets.UTF_8);
    List<RedisServer> masters = cluster.masters();
    for (int m = 0; m < masters.size(); m++) {
      try {
        if (masters.get(m).command("EXISTS", index).equals("1")) {
          return m;
        }
      } catch (java.io.IOException moved) {
        // MOVED: another master serves that slot.
      }
    }
    return -1;
  }

  @Test
  void replicasSharePagesAcrossSlotsAndSurviveAKilledMaster() throws Exception {
    TieredStaleStore storeA = store();
    Replica a = replica(storeA);
    for (int p = 0; p < PAGES; p++) {
      assertThat(a.get("/p" + p).status()).isEqualTo(200);
    }
    await(Duration.ofSeconds(20), "the writes", () -> redis(storeA).stats().written() >= PAGES);

    int[] holder = new int[PAGES];
    int[] perMaster = new int[3];
    for (int p = 0; p < PAGES; p++) {
      holder[p] = masterOf(p);
      assertThat(holder[p]).as("page %s stored on a master", p).isNotNegative();
      perMaster[holder[p]]++;
    }
    assertThat(perMaster).doesNotContain(0);

    // Another replica, with an empty local tier, serves every page stale from the cluster.
    Replica b = replica(store());
    b.failing.set(true);
    for (int p = 0; p < PAGES; p++) {
      Replica.Response stale = b.get("/p" + p);
      assertThat(stale.status()).as("page %s", p).isEqualTo(200);
      assertThat(stale.body()).isEqualTo("page /p" + p);
    }

    // Kill the first master: the pages on the other two are still served by a fresh replica,
    // those on the dead one fail over to the error (no copy), each within bounded time, and
    // replica A's local tier still serves all of them.
    cluster.masters().get(0).kill();
    TieredStaleStore storeC = store();
    Replica c = replica(storeC);
    c.failing.set(true);
    a.failing.set(true);
    for (int p = 0; p < PAGES; p++) {
      long start = System.nanoTime();
      Replica.Response fromC = c.get("/p" + p);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("page %s answered in bounded time", p).isLessThan(3_000);
      if (holder[p] == 0) {
        assertThat(fromC.status()).as("page %s on the dead master", p).isEqualTo(502);
      } else {
        assertThat(fromC.status()).as("page %s on a live master", p).isEqualTo(200);
        assertThat(fromC.body()).isEqualTo("page /p" + p);
      }
      assertThat(a.get("/p" + p).status()).isEqualTo(200);
    }
    RedisStoreStats stats = redis(storeC).stats();
    assertThat(stats.hits()).isEqualTo(PAGES - perMaster[0]);
    assertThat(stats.readErrors() + stats.readTimeouts() + stats.shortCircuited()).isPositive();
  }
}
