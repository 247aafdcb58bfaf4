package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static dev.failsoft.cache.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one orchestration every adapter calls: storing, serving instead, and the marks. */
class StaleCacheTest {
  private static final String URL = "https://example.com/news/today";

  private final MutableClock clock = new MutableClock(T0);
  private final CaffeineStaleStore store =
      CaffeineStaleStore.builder()
          .ticker(() -> Duration.between(T0, clock.instant()).toNanos())
          .executor(Runnable::run)
          .build();
  private final StalePolicy policy =
      StalePolicy.shared()
          .windows(StaleWindows.builder().defaultStaleIfError(Duration.ofMinutes(10)).build())
          .build();
  private final StaleCache cache = StaleCache.of(policy, store, clock, false);

  private static RequestHead request(String method, String... headers) {
    return RequestHead.of(method, URL, Headers.of(headers));
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b).toString();
  }

  private void storePage(String body, String... headers) {
    ResponseHead head = ResponseHead.of(200, Headers.of(headers));
    cache
        .offer(request("GET"), StaleCache.ResponseView.of(head), clock.instant(), clock.instant())
        .orElseThrow()
        .complete(bytes(body));
  }

  @Test
  void storesAnAdmittedResponseAndServesItMarkedInsteadOfAFailure() {
    storePage("<p>news</p>", "Content-Type", "text/plain", "Content-Length", "11");
    clock.advance(Duration.ofSeconds(30));

    StaleAnswer answer =
        cache.serveInstead(request("GET"), status(502), StaleCache.Reason.ERROR).orElseThrow();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(text(answer.body())).isEqualTo("<p>news</p>");
    assertThat(answer.contentLength()).isEqualTo(11);
    assertThat(answer.ageSeconds()).isEqualTo(30);
    assertThat(answer.headers().first("Age")).contains("30");
    assertThat(answer.headers().first("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Failsoft; fwd=stale; fwd-status=502"));
    assertThat(answer.headers().contains("Set-Cookie")).isFalse();
    assertThat(answer.headers().contains("Content-Length")).isFalse();
  }

  @Test
  void marksEachReasonWithItsOwnCacheStatus() {
    StalePolicy detailed =
        StalePolicy.shared().exposeDetail(true).windows(policy.windows()).build();
    StaleCache withDetail = StaleCache.of(detailed, store, clock, false);
    storePage("x");

    assertThat(
            withDetail
                .serveInstead(
                    request("GET"),
                    Diagnosis.circuitOpen("/news/*", false),
                    StaleCache.Reason.CIRCUIT_OPEN)
                .orElseThrow()
                .headers()
                .first("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("hit").contains("detail=circuit-open"));
    assertThat(
            withDetail
                .serveInstead(
                    request("GET"),
                    Diagnosis.softDeadlinePassed(Duration.ofSeconds(2)),
                    StaleCache.Reason.SOFT_DEADLINE)
                .orElseThrow()
                .headers()
                .first("Cache-Status"))
        .hasValueSatisfying(
            v -> assertThat(v).contains("fwd=stale").contains("detail=soft-deadline"));
  }

  @Test
  void answersAHeadFromAStoredGetWithTheLengthButNoBody() {
    storePage("four");

    StaleAnswer answer =
        cache.serveInstead(request("HEAD"), status(503), StaleCache.Reason.ERROR).orElseThrow();

    assertThat(answer.contentLength()).isEqualTo(4);
    assertThat(answer.body().remaining()).isZero();
  }

  @Test
  void answersAMatchingConditionalRequestWith304AndOnlyTheFieldsA304Carries() {
    storePage("x", "ETag", "\"v1\"", "Content-Type", "text/plain", "Cache-Control", "max-age=5");

    StaleAnswer answer =
        cache
            .serveInstead(
                request("GET", "If-None-Match", "W/\"v1\""), status(502), StaleCache.Reason.ERROR)
            .orElseThrow();

    assertThat(answer.status()).isEqualTo(304);
    assertThat(answer.contentLength()).isEqualTo(-1);
    assertThat(answer.headers().names()).doesNotContain("Content-Type").contains("ETag", "Age");
  }

  @Test
  void bannerMarksStaleHtmlVisiblyAndWeakensItsStrongValidator() {
    StaleCache bannered = StaleCache.of(policy, store, clock, true);
    storePage("<html><body>hi", "Content-Type", "text/html", "ETag", "\"v1\"");

    StaleAnswer answer =
        bannered.serveInstead(request("GET"), status(502), StaleCache.Reason.ERROR).orElseThrow();

    assertThat(text(answer.body())).contains("You are seeing a copy").endsWith("hi");
    assertThat(answer.headers().first("ETag")).contains("W/\"v1\"");
    assertThat(answer.contentLength()).isEqualTo(answer.body().remaining());
  }

  @Test
  void anUnchangedResponseLeavesTheStoredCopyWithoutAWrite() {
    AtomicInteger puts = new AtomicInteger();
    StaleStore counting =
        new StaleStore() {
          @Override
          public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
            return store.get(key, request);
          }

          @Override
          public boolean put(StoredResponse response, Duration retention) {
            puts.incrementAndGet();
            return store.put(response, retention);
          }

          @Override
          public void remove(CacheKey key) {
            store.remove(key);
          }
        };
    StaleCache countingCache = StaleCache.of(policy, counting, clock, false);
    ResponseHead head = ResponseHead.of(200, Headers.of("Cache-Control", "max-age=60"));
    List<String> askedFor = new ArrayList<>();
    StaleCache.ResponseView view =
        new StaleCache.ResponseView() {
          @Override
          public int status() {
            return 200;
          }

          @Override
          public Headers fields(List<String> names) {
            askedFor.add("compared");
            return head.headers();
          }

          @Override
          public Headers fields() {
            askedFor.add("all");
            return head.headers();
          }
        };

    countingCache.offer(request("GET"), view, T0, T0).orElseThrow().complete(bytes("same"));
    clock.advance(Duration.ofSeconds(5));
    askedFor.clear();
    countingCache.offer(request("GET"), view, T0, T0).orElseThrow().complete(bytes("same"));

    assertThat(puts).hasValue(1);
    assertThat(askedFor).containsExactly("compared");
  }

  @Test
  void nothingIsAdmittedThatMayNotBeStoredAndAnUnsafeSuccessInvalidates() {
    storePage("x");
    ResponseHead noStore = ResponseHead.of(200, Headers.of("Cache-Control", "no-store"));
    RequestHead other = RequestHead.of("GET", URL + "?other", Headers.empty());
    assertThat(cache.offer(other, StaleCache.ResponseView.of(noStore), T0, T0)).isEmpty();

    assertThat(
            cache.offer(
                request("POST"),
                StaleCache.ResponseView.of(ResponseHead.of(204, Headers.empty())),
                T0,
                T0))
        .isEmpty();

    assertThat(cache.serveInstead(request("GET"), status(502), StaleCache.Reason.ERROR)).isEmpty();
  }

  @Test
  void aBodyOverTheCapIsNotStored() {
    StalePolicy small = StalePolicy.shared().maxBodyBytes(3).windows(policy.windows()).build();
    StaleCache smallCache = StaleCache.of(small, store, clock, false);
    smallCache
        .offer(
            request("GET"),
            StaleCache.ResponseView.of(ResponseHead.of(200, Headers.empty())),
            T0,
            T0)
        .orElseThrow()
        .complete(bytes("four"));

    assertThat(smallCache.serveInstead(request("GET"), status(502), StaleCache.Reason.ERROR))
        .isEmpty();
  }

  @Test
  void aFailingStoreReadsAsAMissAndNeverFailsTheRequest() {
    StaleStore broken =
        new StaleStore() {
          @Override
          public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
            throw new IllegalStateException("store down");
          }

          @Override
          public boolean put(StoredResponse response, Duration retention) {
            throw new IllegalStateException("store down");
          }

          @Override
          public void remove(CacheKey key) {
            throw new IllegalStateException("store down");
          }
        };
    StaleCache brokenCache = StaleCache.of(policy, broken, clock, false);

    assertThat(brokenCache.serveInstead(request("GET"), status(502), StaleCache.Reason.ERROR))
        .isEmpty();
    assertThat(
            brokenCache
                .serveInsteadAsync(request("GET"), status(502), StaleCache.Reason.ERROR)
                .toCompletableFuture()
                .join())
        .isEmpty();
    brokenCache
        .offer(
            request("GET"),
            StaleCache.ResponseView.of(ResponseHead.of(200, Headers.empty())),
            T0,
            T0)
        .orElseThrow()
        .complete(bytes("x"));
  }

  @Test
  void theAsynchronousFormAnswersLikeTheBlockingOne() {
    storePage("async");

    CompletionStage<Optional<StaleAnswer>> stage =
        cache.serveInsteadAsync(request("HEAD"), status(504), StaleCache.Reason.ERROR);

    StaleAnswer answer = stage.toCompletableFuture().join().orElseThrow();
    assertThat(answer.contentLength()).isEqualTo(5);
  }

  @Test
  void proxyStatusPutsTheMembersOfHopsNearerTheOriginFirst() {
    assertThat(cache.proxyStatus(List.of("origin-proxy; error=http_protocol_error"), status(502)))
        .isEqualTo("origin-proxy; error=http_protocol_error, Failsoft; received-status=502");
    assertThat(cache.proxyStatus(List.of(), Diagnosis.circuitOpen("h:1", false)))
        .isEqualTo("Failsoft; error=destination_unavailable");
  }
}
