package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TieredStaleStoreTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Ticker ticker = nanos::get;
  private final CaffeineStaleStore front = memory();
  private final CaffeineStaleStore back = memory();

  private CaffeineStaleStore memory() {
    return CaffeineStaleStore.builder().ticker(ticker).executor(Runnable::run).build();
  }

  private static StoredResponse entry(String url, String... headers) {
    RequestHead request = RequestHead.get(url);
    return StoredResponse.of(
        CacheKey.of(request).orElseThrow(),
        request,
        ResponseHead.of(200, Headers.of(headers)),
        new byte[] {1, 2, 3},
        T0,
        T0);
  }

  @Test
  void putReachesBothTiersAndTheFrontAnswersFirst() {
    TieredStaleStore store = TieredStaleStore.of(front, back);
    StoredResponse e = entry(Fixtures.URL);
    assertThat(store.put(e, Duration.ofMinutes(1))).isTrue();
    assertThat(front.get(e.key(), Fixtures.get())).contains(e);
    assertThat(back.get(e.key(), Fixtures.get())).contains(e);
    assertThat(store.get(e.key(), Fixtures.get())).contains(e);
  }

  @Test
  void aCopyOnlyTheBackHoldsIsFoundAndPromotedForThePromotionTimeOnly() {
    TieredStaleStore store =
        TieredStaleStore.builder(front, back).promotion(Duration.ofSeconds(10)).build();
    StoredResponse e = entry(Fixtures.URL);
    back.put(e, Duration.ofMinutes(5));

    assertThat(store.get(e.key(), Fixtures.get())).contains(e);
    assertThat(front.get(e.key(), Fixtures.get())).contains(e);

    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(front.get(e.key(), Fixtures.get())).isEmpty();
    assertThat(store.get(e.key(), Fixtures.get())).contains(e);
  }

  @Test
  void asyncReadAsksTheBackOnAFrontMiss() {
    TieredStaleStore store = TieredStaleStore.of(front, back);
    StoredResponse e = entry(Fixtures.URL);
    back.put(e, Duration.ofMinutes(5));
    assertThat(store.getAsync(e.key(), Fixtures.get()).toCompletableFuture().join()).contains(e);
    assertThat(front.get(e.key(), Fixtures.get())).contains(e);
  }

  @Test
  void peekNeverAsksTheBack() {
    TieredStaleStore store = TieredStaleStore.of(front, back);
    StoredResponse e = entry(Fixtures.URL);
    back.put(e, Duration.ofMinutes(5));
    assertThat(store.peek(e.key(), Fixtures.get())).isEmpty();
    assertThat(front.get(e.key(), Fixtures.get())).isEmpty();
  }

  @Test
  void removeClearsBothTiers() {
    TieredStaleStore store = TieredStaleStore.of(front, back);
    StoredResponse e = entry(Fixtures.URL);
    store.put(e, Duration.ofMinutes(1));
    store.remove(e.key());
    assertThat(front.get(e.key(), Fixtures.get())).isEmpty();
    assertThat(back.get(e.key(), Fixtures.get())).isEmpty();
  }

  @Test
  void closeClosesEachTierThatCanBeClosedEvenWhenOneThrows() {
    AtomicLong closed = new AtomicLong();
    class Closing extends ForwardingStore implements AutoCloseable {
      private final boolean fail;

      Closing(boolean fail) {
        super(memory());
        this.fail = fail;
      }

      @Override
      public void close() {
        closed.incrementAndGet();
        if (fail) {
          throw new IllegalStateException("boom");
        }
      }
    }
    TieredStaleStore.of(new Closing(false), new Closing(true)).close();
    assertThat(closed).hasValue(2);
  }

  @Test
  void aZeroPromotionIsRefused() {
    assertThatThrownBy(() -> TieredStaleStore.builder(front, back).promotion(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("promotion: PT0S (expected: > 0)");
  }
}
