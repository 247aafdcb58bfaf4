package dev.failsoft.store.redis;

import static dev.failsoft.store.redis.testing.Entries.await;
import static dev.failsoft.store.redis.testing.Entries.get;
import static dev.failsoft.store.redis.testing.Entries.key;
import static dev.failsoft.store.redis.testing.Entries.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleStores;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.http.RequestHead;
import dev.failsoft.store.redis.internal.KeyNames;
import dev.failsoft.store.redis.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against a real redis-server, through an ACL user limited to the test's key prefixes (so
 * AUTH/ACL and the per-application prefix are exercised by every test).
 */
class RedisStaleStoreTest {

  private static final byte[] SECRET_1 = secret(1);
  private static final byte[] SECRET_2 = secret(2);
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private static RedisServer redis;
  private static RedisClient adminClient;
  private static StatefulRedisConnection<byte[], byte[]> adminConnection;
  private static RedisCommands<byte[], byte[]> admin;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final String prefix = "app" + PREFIXES.incrementAndGet() + ":";

  @BeforeAll
  static void startRedis() {
    org.junit.jupiter.api.Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
    redis = RedisServer.start("user failsoft on >s3cret ~app* &* +@all");
    adminClient = RedisClient.create(redis.uri());
    adminConnection = adminClient.connect(ByteArrayCodec.INSTANCE);
    admin = adminConnection.sync();
  }

  @AfterAll
  static void stopRedis() {
    if (adminConnection != null) {
      adminConnection.close();
      adminClient.shutdown();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private static byte[] secret(int seed) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) seed);
    return s;
  }

  private String aclUri() {
    return "redis://failsoft:s3cret@127.0.0.1:" + redis.port();
  }

  private RedisStaleStore.Builder builder() {
    return RedisStaleStore.builder().uri(aclUri()).keyPrefix(prefix);
  }

  private RedisStaleStore open(RedisStaleStore.Builder builder) {
    RedisStaleStore store = builder.build();
    closing.add(store);
    return store;
  }

  private RedisStaleStore signed(String id, byte[] secret) {
    return open(builder().keys(SigningKeys.of(id, secret)));
  }

  // Through raw RESP: Lettuce 6 and 7 differ in KEYS' signature.
  private List<String> keys() throws java.io.IOException {
    return redis.command("KEYS", prefix + "*").lines().filter(l -> !l.isEmpty()).toList();
  }

  private static void written(RedisStaleStore store, long count) {
    await(Duration.ofSeconds(10), count + " writes", () -> store.stats().written() >= count);
  }

  private byte[] variantKey(CacheKey key, StoredResponse response) {
    return KeyNames.of(prefix, key).variant(KeyNames.variantId(response.selecting()));
  }

  @Test
  void aCopyPutThroughOneStoreIsReadByAnotherSharingTheRedis() {
    RedisStaleStore a = signed("k1", SECRET_1);
    RedisStaleStore b = signed("k1", SECRET_1);
    StoredResponse page = ok("https://shop.example/item?id=7", "seven");

    assertThat(a.put(page, Duration.ofMinutes(5))).isTrue();
    written(a, 1);

    assertThat(b.get(page.key(), get("https://shop.example/item?id=7"))).contains(page);
    assertThat(b.getAsync(page.key(), get("https://shop.example/item?id=7")))
        .succeedsWithin(Duration.ofSeconds(5))
        .isEqualTo(java.util.Optional.of(page));
    assertThat(b.stats().hits()).isEqualTo(2);
    assertThat(b.peek(page.key(), get("https://shop.example/item?id=7"))).isEmpty();
  }

  @Test
  void varyVariantsAreKeptApartAndTheMatchingOneAnswers() {
    RedisStaleStore store = signed("k1", SECRET_1);
    String url = "https://shop.example/";
    RequestHead gzip = get(url, "Accept-Encoding", "gzip");
    RequestHead br = get(url, "Accept-Encoding", "br");
    StoredResponse zipped = ok(gzip, "gzip body", "Vary", "Accept-Encoding");
    StoredResponse brotli = ok(br, "br body", "Vary", "Accept-Encoding");
    store.put(zipped, Duration.ofMinutes(5));
    store.put(brotli, Duration.ofMinutes(5));
    written(store, 2);

    assertThat(store.get(key(url), gzip)).contains(zipped);
    assertThat(store.get(key(url), br)).contains(brotli);
    assertThat(store.get(key(url), get(url, "Accept-Encoding", "zstd"))).isEmpty();
  }

  @Test
  void eachVariantExpiresAtItsRetentionAndTheIndexExpiryOnlyGrows() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    RedisStaleStore store =
        open(
            builder().keys(SigningKeys.of("k1", SECRET_1)).clock(Clock.fixed(now, ZoneOffset.UTC)));
    String url = "https://shop.example/list";
    StoredResponse de = ok(get(url, "Accept-Language", "de"), "de", "Vary", "Accept-Language");
    StoredResponse fr = ok(get(url, "Accept-Language", "fr"), "fr", "Vary", "Accept-Language");
    byte[] index = KeyNames.of(prefix, key(url)).index();

    store.put(de, Duration.ofSeconds(600));
    store.put(fr, Duration.ofSeconds(60));
    written(store, 2);
    long t = now.toEpochMilli();
    assertThat(admin.pexpiretime(variantKey(key(url), de))).isEqualTo(t + 600_000);
    assertThat(admin.pexpiretime(variantKey(key(url), fr))).isEqualTo(t + 60_000);
    assertThat(admin.pexpiretime(index)).isEqualTo(t + 600_000);

    store.put(de, Duration.ofSeconds(30));
    written(store, 3);
    assertThat(admin.pexpiretime(variantKey(key(url), de))).isEqualTo(t + 30_000);
    assertThat(admin.pexpiretime(index)).isEqualTo(t + 600_000);
  }

  @Test
  void keysStartWithThePrefixAndOneUrlsKeysShareOneHashTag() throws Exception {
    RedisStaleStore store = signed("k1", SECRET_1);
    StoredResponse page = ok("https://shop.example/%7Bbraces%7D", "b");
    store.put(page, Duration.ofMinutes(1));
    written(store, 1);

    List<String> names = keys();
    assertThat(names).hasSize(2).allMatch(n -> n.startsWith(prefix + "{"));
    assertThat(names.stream().map(n -> n.substring(0, n.indexOf('}') + 1)).distinct()).hasSize(1);
  }

  @Test
  void aTamperedValueReadsAsAMissAndIsCounted() {
    RedisStaleStore store = signed("k1", SECRET_1);
    StoredResponse page = ok("https://shop.example/price", "42 EUR");
    store.put(page, Duration.ofMinutes(5));
    written(store, 1);
    byte[] name = variantKey(page.key(), page);
    byte[] value = admin.get(name);
    value[value.length - 1] ^= 1;
    admin.set(name, value, SetArgs.Builder.keepttl());

    assertThat(store.get(page.key(), get("https://shop.example/price"))).isEmpty();
    assertThat(store.stats().tampered()).isEqualTo(1);
    assertThat(store.stats().misses()).isEqualTo(1);
  }

  @Test
  void aValueMovedToAnotherUrlsKeyReadsAsTampered() {
    RedisStaleStore store = signed("k1", SECRET_1);
    StoredResponse page = ok("https://shop.example/a", "A");
    store.put(page, Duration.ofMinutes(5));
    written(store, 1);
    CacheKey other = key("https://shop.example/b");
    byte[] otherVariant = KeyNames.of(prefix, other).variant("0");
    admin.set(otherVariant, admin.get(variantKey(page.key(), page)));
    admin.zadd(
        KeyNames.of(prefix, other).index(),
        (double) Instant.now().plusSeconds(60).toEpochMilli(),
        "0".getBytes(StandardCharsets.US_ASCII));

    assertThat(store.get(other, get("https://shop.example/b"))).isEmpty();
    assertThat(store.stats().tampered()).isEqualTo(1);
  }

  @Test
  void aValueWrittenWithAnotherKeyReadsAsAMiss() {
    RedisStaleStore reader = signed("k1", SECRET_1);
    RedisStaleStore otherId = signed("k9", SECRET_2);
    RedisStaleStore sameIdOtherSecret = signed("k1", SECRET_2);
    StoredResponse one = ok("https://shop.example/1", "1");
    StoredResponse two = ok("https://shop.example/2", "2");
    otherId.put(one, Duration.ofMinutes(5));
    sameIdOtherSecret.put(two, Duration.ofMinutes(5));
    written(otherId, 1);
    written(sameIdOtherSecret, 1);

    assertThat(reader.get(one.key(), get("https://shop.example/1"))).isEmpty();
    assertThat(reader.get(two.key(), get("https://shop.example/2"))).isEmpty();
    assertThat(reader.stats().foreignKey()).isEqualTo(1);
    assertThat(reader.stats().tampered()).isEqualTo(1);
  }

  @Test
  void rotatedKeysAreAcceptedUnderTheirIds() {
    RedisStaleStore old = signed("k1", SECRET_1);
    RedisStaleStore rotated =
        open(builder().keys(SigningKeys.of("k2", SECRET_2).accepting("k1", SECRET_1)));
    StoredResponse before = ok("https://shop.example/old", "old");
    StoredResponse after = ok("https://shop.example/new", "new");
    old.put(before, Duration.ofMinutes(5));
    rotated.put(after, Duration.ofMinutes(5));
    written(old, 1);
    written(rotated, 1);

    assertThat(rotated.get(before.key(), get("https://shop.example/old"))).contains(before);
    assertThat(old.get(after.key(), get("https://shop.example/new"))).isEmpty();
    assertThat(old.stats().foreignKey()).isEqualTo(1);
  }

  @Test
  void otherFormatVersionsAndGarbageReadAsMissesAndAreCounted() {
    RedisStaleStore store = signed("k1", SECRET_1);
    StoredResponse page = ok("https://shop.example/v", "v");
    store.put(page, Duration.ofMinutes(5));
    written(store, 1);
    byte[] name = variantKey(page.key(), page);
    byte[] value = admin.get(name);
    value[4] = 0; // the version byte: an older format
    admin.set(name, value, SetArgs.Builder.keepttl());
    assertThat(store.get(page.key(), get("https://shop.example/v"))).isEmpty();

    admin.set(
        name, "<html>not ours</html>".getBytes(StandardCharsets.UTF_8), SetArgs.Builder.keepttl());
    assertThat(store.get(page.key(), get("https://shop.example/v"))).isEmpty();
    admin.set(name, Arrays.copyOf(value, 9), SetArgs.Builder.keepttl());
    assertThat(store.get(page.key(), get("https://shop.example/v"))).isEmpty();

    assertThat(store.stats().otherFormat()).isEqualTo(2);
    assertThat(store.stats().garbage()).isEqualTo(1);
  }

  @Test
  void withoutKeysTheStoreRefusesToBuildUnlessUnauthenticatedIsSaid() {
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keys: none (expected: keys(...) or keyFile(...)");

    RedisStaleStore unsigned = open(builder().unauthenticated());
    RedisStaleStore signedStore = signed("k1", SECRET_1);
    StoredResponse page = ok("https://shop.example/open", "open");
    unsigned.put(page, Duration.ofMinutes(5));
    written(unsigned, 1);
    assertThat(unsigned.get(page.key(), get("https://shop.example/open"))).contains(page);
    assertThat(signedStore.get(page.key(), get("https://shop.example/open"))).isEmpty();
    assertThat(signedStore.stats().foreignKey()).isEqualTo(1);
  }

  @Test
  void anEntryOverTheByteCapIsNotStoredAndIsCounted() {
    RedisStaleStore store = open(builder().keys(SigningKeys.of("k1", SECRET_1)).maxEntryBytes(500));
    StoredResponse big = ok("https://shop.example/big", "x".repeat(1_000));
    assertThat(store.put(big, Duration.ofMinutes(5))).isFalse();
    assertThat(store.stats().oversized()).isEqualTo(1);
    assertThat(store.stats().writesQueued()).isZero();
  }

  @Test
  void queuedWritesCoalescePerUrlAndAreDroppedWhenTheQueueIsFull() {
    // Nothing listens there: writes wait in the queue.
    RedisStaleStore store =
        open(
            RedisStaleStore.builder()
                .uri("redis://127.0.0.1:" + RedisServer.freePort(false))
                .keys(SigningKeys.of("k1", SECRET_1))
                .startupWait(Duration.ZERO)
                .queueEntries(2));
    assertThat(store.put(ok("https://shop.example/1", "a"), Duration.ofMinutes(1))).isTrue();
    assertThat(store.put(ok("https://shop.example/1", "b"), Duration.ofMinutes(1))).isTrue();
    assertThat(store.put(ok("https://shop.example/2", "c"), Duration.ofMinutes(1))).isTrue();
    assertThat(store.put(ok("https://shop.example/3", "d"), Duration.ofMinutes(1))).isFalse();

    RedisStoreStats stats = store.stats();
    assertThat(stats.writesQueued()).isEqualTo(3);
    assertThat(stats.writesCoalesced()).isEqualTo(1);
    assertThat(stats.writesDropped()).isEqualTo(1);
    assertThat(store.queuedWrites()).isEqualTo(2);
    assertThat(store.get(key("https://shop.example/1"), get("https://shop.example/1"))).isEmpty();
    assertThat(store.stats().shortCircuited()).isEqualTo(1);
  }

  @Test
  void removeDeletesEveryVariantOfTheUrl() throws Exception {
    RedisStaleStore store = signed("k1", SECRET_1);
    String url = "https://shop.example/gone";
    store.put(
        ok(get(url, "Accept-Language", "de"), "de", "Vary", "Accept-Language"),
        Duration.ofMinutes(5));
    store.put(
        ok(get(url, "Accept-Language", "fr"), "fr", "Vary", "Accept-Language"),
        Duration.ofMinutes(5));
    written(store, 2);
    store.remove(key(url));
    written(store, 3);
    assertThat(keys()).isEmpty();
    assertThat(store.get(key(url), get(url, "Accept-Language", "de"))).isEmpty();
  }

  @Test
  void aWrongPasswordGivesMissesNeverExceptions() {
    RedisStaleStore store =
        open(
            RedisStaleStore.builder()
                .uri("redis://failsoft:wrong@127.0.0.1:" + redis.port())
                .keys(SigningKeys.of("k1", SECRET_1))
                .startupWait(Duration.ofMillis(500)));
    assertThat(store.connected()).isFalse();
    assertThat(store.get(key("https://shop.example/"), get("https://shop.example/"))).isEmpty();
    assertThat(store.put(ok("https://shop.example/", "x"), Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void storeLocationsOpenATieredStoreWithTheKeyFile(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("keys");
    Files.writeString(
        keyFile, "# signing key first\nk1:" + Base64.getEncoder().encodeToString(SECRET_1) + "\n");
    Map<String, String> options =
        Map.of(StaleStores.KEY_FILE, keyFile.toString(), StaleStores.PREFIX, prefix);
    StaleStore a = StaleStores.open(aclUri(), options);
    StaleStore b = StaleStores.open(aclUri(), options);
    closing.add((AutoCloseable) a);
    closing.add((AutoCloseable) b);
    assertThat(a).isInstanceOf(TieredStaleStore.class);
    assertThat(((TieredStaleStore) a).back()).isInstanceOf(RedisStaleStore.class);

    StoredResponse page = ok("https://shop.example/cfg", "cfg");
    a.put(page, Duration.ofMinutes(5));
    written((RedisStaleStore) ((TieredStaleStore) a).back(), 1);
    assertThat(b.get(page.key(), get("https://shop.example/cfg"))).contains(page);
  }

  @Test
  void storeLocationsWithoutAKeyOrWithABadOptionFailInOneLine() {
    assertThatThrownBy(() -> StaleStores.open(aclUri(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "store-key-file: none for redis://***@127.0.0.1:"
                + redis.port()
                + " (expected: a key file, see failsoft-store-redis README; or"
                + " unauthenticated=true)");
    assertThatThrownBy(() -> StaleStores.open(aclUri(), Map.of("colour", "blue")))
        .hasMessage(
            "colour: unknown option for redis (expected: one of key-file, prefix, memory-bytes,"
                + " unauthenticated)");
    assertThatThrownBy(
            () -> StaleStores.open(aclUri(), Map.of(StaleStores.KEY_FILE, "/nonexistent/keys")))
        .hasMessage("key-file: /nonexistent/keys (expected: a readable file; NoSuchFileException)");
  }

  @Test
  void runsOnTheLettuceAndNettyThisExecutionPutOnTheClasspath() {
    String expected = System.getProperty("failsoft.expectLettuceMajor", "7");
    String lettuce = RedisClient.class.getPackage().getImplementationVersion();
    assertThat(lettuce).startsWith(expected + ".");
    String netty =
        java.util.Objects.requireNonNull(io.netty.util.Version.identify().get("netty-common"))
            .artifactVersion();
    assertThat(netty).startsWith(expected.equals("6") ? "4.1." : "4.2.");
  }
}
