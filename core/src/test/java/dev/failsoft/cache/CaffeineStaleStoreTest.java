package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static dev.failsoft.cache.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CaffeineStaleStoreTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Ticker ticker = nanos::get;

  private CaffeineStaleStore.Builder store() {
    return CaffeineStaleStore.builder().ticker(ticker).executor(Runnable::run);
  }

  private static StoredResponse entry(String url, int status, int bodyBytes, String... headers) {
    RequestHead request = RequestHead.get(url);
    return StoredResponse.of(
        CacheKey.of(request).orElseThrow(),
        request,
        ResponseHead.of(status, Headers.of(headers)),
        new byte[bodyBytes],
        T0,
        T0);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void storesAndReturnsAnEntry() {
    CaffeineStaleStore store = store().build();
    StoredResponse e = entry(Fixtures.URL, 200, 10);
    assertThat(store.put(e, Duration.ofSeconds(60))).isTrue();
    assertThat(store.get(e.key(), get())).contains(e);
    store.remove(e.key());
    assertThat(store.get(e.key(), get())).isEmpty();
  }

  @Test
  @DisplayName("Retention: an entry is dropped when its retention has passed")
  void entryExpiresAfterItsRetention() {
    CaffeineStaleStore store = store().build();
    StoredResponse e = entry(Fixtures.URL, 200, 10);
    store.put(e, Duration.ofSeconds(60));
    advance(Duration.ofSeconds(59));
    assertThat(store.get(e.key(), get())).isPresent();
    advance(Duration.ofSeconds(2));
    assertThat(store.get(e.key(), get())).isEmpty();
    store.cleanUp();
    assertThat(store.urlCount()).isZero();
  }

  @Test
  @DisplayName("Checklist 9 (CPDoS): an error response never replaces or evicts a good copy")
  void errorResponseNeverReplacesAGoodCopy() {
    CaffeineStaleStore store = store().build();
    StoredResponse good = entry(Fixtures.URL, 200, 10);
    store.put(good, Duration.ofSeconds(60));
    StoredResponse bad = entry(Fixtures.URL, 502, 10, "Cache-Control", "max-age=600");
    assertThat(store.put(bad, Duration.ofSeconds(600))).isFalse();
    assertThat(store.get(good.key(), get())).contains(good);
  }

  @Test
  void aSuccessfulResponseReplacesTheEntry() {
    CaffeineStaleStore store = store().build();
    StoredResponse first = entry(Fixtures.URL, 200, 10);
    StoredResponse second = entry(Fixtures.URL, 200, 20);
    store.put(first, Duration.ofSeconds(60));
    store.put(second, Duration.ofSeconds(60));
    assertThat(store.get(first.key(), get())).contains(second);
  }

  @Test
  @DisplayName("Checklist 10: an entry over the per-entry cap is simply not stored")
  void overCapEntryIsNotStored() {
    CaffeineStaleStore store = store().maxEntryBytes(1000).build();
    StoredResponse big = entry(Fixtures.URL, 200, 1000);
    assertThat(store.put(big, Duration.ofSeconds(60))).isFalse();
    assertThat(store.get(big.key(), get())).isEmpty();
    assertThat(store.put(entry(Fixtures.URL, 200, 10), Duration.ZERO)).isFalse();
  }

  @Test
  @DisplayName("Checklist 10: the store is bounded by total bytes (body + headers + key)")
  void totalBytesAreBounded() {
    CaffeineStaleStore store = store().maximumBytes(10_000).build();
    for (int i = 0; i < 100; i++) {
      store.put(entry("https://e.com/" + i, 200, 500), Duration.ofHours(1));
    }
    store.cleanUp();
    assertThat(store.weightedBytes()).isLessThanOrEqualTo(10_000);
    assertThat(store.urlCount()).isLessThan(100);
    StoredResponse one = entry("https://e.com/x", 200, 500, "Content-Type", "text/html");
    assertThat(one.weight())
        .isEqualTo(
            500
                + one.head().headers().byteSize()
                + one.key().length()
                + StoredResponse.OVERHEAD_BYTES);
  }

  @Test
  @DisplayName("W-TinyLFU: a cache-busting flood does not push out a popular page")
  void cacheBustingFloodKeepsPopularPages() {
    CaffeineStaleStore store = store().maximumBytes(20_000).build();
    StoredResponse popular = entry("https://e.com/home", 200, 1000);
    StoredResponse oneOff = entry("https://e.com/once", 200, 1000);
    store.put(popular, Duration.ofHours(1));
    store.put(oneOff, Duration.ofHours(1));
    for (int i = 0; i < 50; i++) {
      store.get(popular.key(), RequestHead.get("https://e.com/home"));
    }
    for (int i = 0; i < 2000; i++) {
      store.put(entry("https://e.com/home?bust=" + i, 200, 1000), Duration.ofHours(1));
    }
    store.cleanUp();
    assertThat(store.get(popular.key(), RequestHead.get("https://e.com/home"))).contains(popular);
    assertThat(store.get(oneOff.key(), RequestHead.get("https://e.com/once")))
        .as("an unpopular page is not protected")
        .isEmpty();
  }

  @Test
  @DisplayName("Checklist 8: Vary variants are kept apart and capped per URL")
  void varyVariantsAreKeptApartAndCapped() {
    CaffeineStaleStore store = store().maxVariantsPerUrl(2).build();
    String[] languages = {"en", "de", "fr"};
    CacheKey key = null;
    for (String language : languages) {
      RequestHead request = get("Accept-Language", language);
      StoredResponse variant =
          StoredResponse.of(
              CacheKey.of(request).orElseThrow(),
              request,
              ResponseHead.of(
                  200, Headers.of("Vary", "Accept-Language", "Content-Language", language)),
              new byte[1],
              T0,
              T0);
      key = variant.key();
      store.put(variant, Duration.ofHours(1));
    }
    assertThat(
            store
                .get(key, get("Accept-Language", "fr"))
                .orElseThrow()
                .head()
                .headers()
                .first("Content-Language"))
        .contains("fr");
    assertThat(store.get(key, get("Accept-Language", "de"))).isPresent();
    assertThat(store.get(key, get("Accept-Language", "en"))).as("oldest variant dropped").isEmpty();
    assertThat(store.get(key, get())).as("absent matches only absent").isEmpty();
  }

  @Test
  void expiredVariantsAreNotServedWhileNewerOnesAre() {
    CaffeineStaleStore store = store().build();
    RequestHead en = get("Accept-Language", "en");
    RequestHead de = get("Accept-Language", "de");
    ResponseHead head = ResponseHead.of(200, Headers.of("Vary", "Accept-Language"));
    StoredResponse enEntry =
        StoredResponse.of(CacheKey.of(en).orElseThrow(), en, head, new byte[1], T0, T0);
    StoredResponse deEntry =
        StoredResponse.of(CacheKey.of(de).orElseThrow(), de, head, new byte[1], T0, T0);
    store.put(enEntry, Duration.ofSeconds(10));
    store.put(deEntry, Duration.ofSeconds(100));
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(11));
    assertThat(store.get(enEntry.key(), en)).isEmpty();
    assertThat(store.get(enEntry.key(), de)).contains(deEntry);
  }

  @Test
  void entriesAreImmutable() {
    byte[] body = {1, 2, 3};
    RequestHead request = get();
    StoredResponse e =
        StoredResponse.of(
            CacheKey.of(request).orElseThrow(),
            request,
            ResponseHead.of(200, Headers.empty()),
            body,
            T0,
            T0);
    body[0] = 9;
    assertThat(e.bodyBytes()).containsExactly(1, 2, 3);
    assertThat(e.body().isReadOnly()).isTrue();
    assertThat(java.io.Serializable.class.isAssignableFrom(StoredResponse.class)).isFalse();
  }

  @Test
  void builderRejectsBadSizes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CaffeineStaleStore.builder().maximumBytes(0))
        .hasMessage("maximumBytes: 0 (expected: > 0)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CaffeineStaleStore.builder().maxVariantsPerUrl(0))
        .hasMessage("maxVariantsPerUrl: 0 (expected: > 0)");
  }

  @Test
  void absurdRetentionIsSaturatedNotAnError() {
    CaffeineStaleStore store = store().build();
    StoredResponse e = entry(Fixtures.URL, 200, 10);
    assertThat(store.put(e, Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
    advance(Duration.ofDays(365 * 100));
    assertThat(store.get(e.key(), get())).contains(e);
    assertThat(store.put(e, Duration.ofSeconds(-1))).isFalse();
  }

  @Test
  void concurrentWritersLeaveOneConsistentEntryPerUrl() throws Exception {
    CaffeineStaleStore store = store().maxVariantsPerUrl(3).build();
    int threads = 4;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    RequestHead request = get("Accept-Language", "l" + ((id + i) % 5));
                    store.put(
                        StoredResponse.of(
                            CacheKey.of(request).orElseThrow(),
                            request,
                            ResponseHead.of(200, Headers.of("Vary", "Accept-Language")),
                            new byte[1],
                            T0,
                            T0),
                        Duration.ofHours(1));
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    store.cleanUp();
    assertThat(store.urlCount()).isEqualTo(1);
    int found = 0;
    for (int l = 0; l < 5; l++) {
      found +=
          store.get(CacheKey.of(get()).orElseThrow(), get("Accept-Language", "l" + l)).isPresent()
              ? 1
              : 0;
    }
    assertThat(found).isBetween(1, 3);
  }
}
