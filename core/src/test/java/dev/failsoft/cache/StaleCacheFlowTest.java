package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The path an adapter takes, end to end, with a fake clock and a deterministic store. */
class StaleCacheFlowTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final CaffeineStaleStore store =
      CaffeineStaleStore.builder().ticker(ticker).executor(Runnable::run).build();
  private final StalePolicy policy = StalePolicy.shared().build();

  private Instant now() {
    return T0.plusNanos(nanos.get());
  }

  private void advance(long seconds) {
    nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
  }

  private void storeIfAllowed(RequestHead request, ResponseHead response, String body) {
    StoreDecision decision = policy.mayStore(request, response);
    if (!decision.store()) {
      return;
    }
    StoredResponse stored =
        StoredResponse.of(
            CacheKey.of(request).orElseThrow(),
            request,
            new ResponseHead(response.status(), response.reason(), decision.storedHeaders()),
            body.getBytes(StandardCharsets.UTF_8),
            now(),
            now());
    store.put(stored, policy.retention(stored, now()));
  }

  @Test
  @DisplayName("RFC 5861 §4: a stored page is served, marked, when the upstream later fails")
  void servesTheStoredPageWhenTheUpstreamFails() {
    RequestHead request = RequestHead.get("https://shop.example/prices");
    storeIfAllowed(
        request,
        ResponseHead.of(
            200,
            Headers.of(
                "Date",
                Fixtures.date(now()),
                "Cache-Control",
                "max-age=60, stale-if-error=600",
                "Connection",
                "keep-alive",
                "Keep-Alive",
                "timeout=5",
                "Cache-Status",
                "Origin; fwd=miss")),
        "<p>42</p>");
    // The origin then answers 503 for the same URL: not stored, the good copy stays.
    storeIfAllowed(
        request, ResponseHead.of(503, Headers.of("Cache-Control", "max-age=600")), "down");
    advance(300);
    Optional<StoredResponse> hit = store.get(CacheKey.of(request).orElseThrow(), request);
    assertThat(hit).isPresent();
    StaleDecision decision =
        policy.mayServeStale(
            request, hit.get(), Fixtures.exception(FailureKind.CONNECTION_REFUSED), now());
    assertThat(decision.serve()).isTrue();
    Headers served = decision.applyTo(hit.get().head().headers());
    assertThat(served.first("Age")).contains("300");
    assertThat(served.values("Cache-Status"))
        .containsExactly("Origin; fwd=miss", "Failsoft; fwd=stale; ttl=-240");
    assertThat(served.contains("Keep-Alive")).isFalse();
    assertThat(new String(hit.get().bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("<p>42</p>");
    advance(361);
    assertThat(store.get(CacheKey.of(request).orElseThrow(), request))
        .as("dropped after lifetime + stale window")
        .isEmpty();
  }

  @Test
  @DisplayName("RFC 5861 §3: one refresh in flight, other callers served stale meanwhile")
  void oneRefreshInFlightWhileOthersAreServedStale() {
    RequestHead request = RequestHead.get("https://shop.example/news");
    storeIfAllowed(
        request,
        ResponseHead.of(
            200,
            Headers.of(
                "Date",
                Fixtures.date(now()),
                "Cache-Control",
                "max-age=10, stale-while-revalidate=60")),
        "news");
    advance(30);
    CacheKey key = CacheKey.of(request).orElseThrow();
    SingleFlight<CacheKey> refreshes = new SingleFlight<>();
    StoredResponse stored = store.get(key, request).orElseThrow();
    StaleDecision first = policy.mayServeWhileRevalidating(request, stored, now());
    Optional<SingleFlight<CacheKey>.Lease> lease = refreshes.tryAcquire(key);
    StaleDecision second = policy.mayServeWhileRevalidating(request, stored, now());
    assertThat(first.serve()).isTrue();
    assertThat(second.serve()).isTrue();
    assertThat(lease).isPresent();
    assertThat(refreshes.tryAcquire(key)).as("second caller does not refresh").isEmpty();
    lease.get().close();
    assertThat(refreshes.isInFlight(key)).isFalse();
  }

  @Test
  @DisplayName("Checklist 4: cacheability is never inferred from a URL extension")
  void urlExtensionDoesNotMakeAPageCacheable() {
    RequestHead account = RequestHead.get("https://shop.example/account/x.css");
    storeIfAllowed(account, ResponseHead.of(200, Headers.of("Cache-Control", "private")), "secret");
    assertThat(store.get(CacheKey.of(account).orElseThrow(), account)).isEmpty();
    storeIfAllowed(account, ResponseHead.of(200, Headers.of("Content-Type", "text/css")), "x");
    assertThat(store.get(CacheKey.of(account).orElseThrow(), account))
        .as("no freshness and no stale window: nothing worth keeping")
        .isEmpty();
  }
}
