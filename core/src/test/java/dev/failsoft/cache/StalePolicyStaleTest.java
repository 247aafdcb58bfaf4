package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static dev.failsoft.cache.Fixtures.exception;
import static dev.failsoft.cache.Fixtures.get;
import static dev.failsoft.cache.Fixtures.status;
import static dev.failsoft.cache.Fixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StalePolicyStaleTest {

  private final StalePolicy shared = StalePolicy.shared().build();

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  @DisplayName("RFC 5861 §4 example: max-age=600, stale-if-error=1200")
  void rfc5861StaleIfErrorExample() {
    StoredResponse s = stored("Cache-Control", "max-age=600, stale-if-error=1200");
    StaleDecision inWindow = shared.mayServeStale(get(), s, status(502), at(1800));
    assertThat(inWindow.serve()).isTrue();
    assertThat(inWindow.why()).isEqualTo("stale-if-error: 1200s stale within 1200s");
    assertThat(inWindow.headers().first("Age")).contains("1800");
    assertThat(inWindow.headers().first("Cache-Status"))
        .contains("Failsoft; fwd=stale; fwd-status=502; ttl=-1200");
    StaleDecision past = shared.mayServeStale(get(), s, status(502), at(1801));
    assertThat(past.serve()).isFalse();
    assertThat(past.why()).isEqualTo("too stale: 1201s over a window of 1200s");
    assertThat(past.statusIfRefused()).isEqualTo(502);
  }

  @Test
  @DisplayName("RFC 5861 §3 example: max-age=600, stale-while-revalidate=30")
  void rfc5861StaleWhileRevalidateExample() {
    StoredResponse s = stored("Cache-Control", "max-age=600, stale-while-revalidate=30");
    assertThat(shared.mayServeWhileRevalidating(get(), s, at(599)).why())
        .isEqualTo("fresh: no revalidation needed");
    StaleDecision swr = shared.mayServeWhileRevalidating(get(), s, at(630));
    assertThat(swr.serve()).isTrue();
    assertThat(swr.headers().first("Cache-Status")).contains("Failsoft; hit; ttl=-30");
    assertThat(shared.mayServeWhileRevalidating(get(), s, at(631)).serve()).isFalse();
  }

  @Test
  @DisplayName("RFC 5861 §4: an error is anything that would produce 500, 502, 503 or 504")
  void everyErrorKindCountsAsAnError() {
    StoredResponse s = stored("Cache-Control", "max-age=1, stale-if-error=100");
    for (int code : new int[] {500, 502, 503, 504}) {
      assertThat(shared.mayServeStale(get(), s, status(code), at(50)).serve()).isTrue();
    }
    for (FailureKind kind : FailureKind.values()) {
      boolean served = shared.mayServeStale(get(), s, exception(kind), at(50)).serve();
      assertThat(served).as(kind.name()).isEqualTo(kind != FailureKind.CANCELED);
    }
    StaleDecision notFound = shared.mayServeStale(get(), s, status(404), at(50));
    assertThat(notFound.serve()).isFalse();
    assertThat(notFound.why()).isEqualTo("not an error: status 404");
  }

  @Test
  void exceptionsHaveNoFwdStatus() {
    StoredResponse s = stored("Cache-Control", "max-age=1, stale-if-error=100");
    StaleDecision d =
        shared.mayServeStale(get(), s, exception(FailureKind.CONNECTION_REFUSED), at(50));
    assertThat(d.headers().first("Cache-Status")).contains("Failsoft; fwd=stale; ttl=-49");
  }

  @Test
  @DisplayName("RFC 9111 §4.2.4 (checklist 7): must-revalidate forbids stale even on error, 504")
  void mustRevalidateForbidsStaleAndAnswers504() {
    StoredResponse s = stored("Cache-Control", "max-age=1, must-revalidate, stale-if-error=100");
    StaleDecision d =
        shared.mayServeStale(get(), s, exception(FailureKind.CONNECTION_REFUSED), at(50));
    assertThat(d.serve()).isFalse();
    assertThat(d.why()).isEqualTo("stale forbidden: response has must-revalidate");
    assertThat(d.statusIfRefused()).isEqualTo(504);
  }

  @Test
  @DisplayName("RFC 9111 §4.2.4: no-cache, proxy-revalidate and s-maxage forbid stale (shared)")
  void noCacheProxyRevalidateAndSMaxageForbidStale() {
    for (String cc : new String[] {"no-cache", "proxy-revalidate", "s-maxage=1"}) {
      StoredResponse s = stored("Cache-Control", "max-age=1, stale-if-error=100, " + cc);
      StaleDecision d = shared.mayServeStale(get(), s, status(503), at(50));
      assertThat(d.serve()).as(cc).isFalse();
      assertThat(d.why()).startsWith("stale forbidden");
      assertThat(d.statusIfRefused()).isEqualTo(503);
    }
    StalePolicy privateCache = StalePolicy.privateCache().build();
    StoredResponse proxyOnly =
        stored("Cache-Control", "max-age=1, stale-if-error=100, proxy-revalidate, s-maxage=1");
    assertThat(privateCache.mayServeStale(get(), proxyOnly, status(503), at(50)).serve()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §4.2.4: without a directive the operator's default window applies")
  void operatorDefaultWindowAppliesWithoutDirective() {
    StoredResponse s = stored("Cache-Control", "max-age=10");
    assertThat(shared.mayServeStale(get(), s, status(502), at(20)).why())
        .isEqualTo("stale-if-error is off for this response");
    StalePolicy withDefault =
        StalePolicy.shared()
            .windows(StaleWindows.builder().defaultStaleIfError(Duration.ofSeconds(60)).build())
            .build();
    assertThat(withDefault.mayServeStale(get(), s, status(502), at(70)).serve()).isTrue();
    assertThat(withDefault.mayServeStale(get(), s, status(502), at(71)).serve()).isFalse();
  }

  @Test
  void operatorCapPerStatusLimitsTheWindow() {
    StalePolicy policy =
        StalePolicy.shared()
            .windows(
                StaleWindows.builder()
                    .maxStaleIfError(Duration.ofSeconds(30))
                    .maxStaleIfError(503, Duration.ofSeconds(300))
                    .build())
            .build();
    StoredResponse s = stored("Cache-Control", "max-age=0, stale-if-error=3600");
    assertThat(policy.mayServeStale(get(), s, status(502), at(30)).serve()).isTrue();
    assertThat(policy.mayServeStale(get(), s, status(502), at(31)).serve()).isFalse();
    assertThat(policy.mayServeStale(get(), s, status(503), at(300)).serve()).isTrue();
  }

  @Test
  @DisplayName("RFC 5861 §4: a request's stale-if-error applies to that request")
  void requestStaleIfErrorNarrowsOrGrantsTheWindow() {
    StoredResponse s = stored("Cache-Control", "max-age=0");
    RequestHead asks = get("Cache-Control", "stale-if-error=40");
    assertThat(shared.mayServeStale(asks, s, status(500), at(40)).serve()).isTrue();
    assertThat(shared.mayServeStale(asks, s, status(500), at(41)).serve()).isFalse();
    StoredResponse generous = stored("Cache-Control", "max-age=0, stale-if-error=1000");
    assertThat(shared.mayServeStale(asks, generous, status(500), at(41)).serve()).isFalse();
  }

  @Test
  @DisplayName("Checklist 12: a HEAD entry never answers a GET; a GET entry may answer a HEAD")
  void headEntryNeverAnswersGet() {
    RequestHead head = RequestHead.of("HEAD", Fixtures.URL, Headers.empty());
    StoredResponse fromHead = stored(head, "Cache-Control", "max-age=60");
    StaleDecision d = shared.mayServeFresh(get(), fromHead, at(1));
    assertThat(d.serve()).isFalse();
    assertThat(d.why()).isEqualTo("a HEAD response never answers a GET");
    StoredResponse fromGet = stored("Cache-Control", "max-age=60");
    assertThat(shared.mayServeFresh(head, fromGet, at(1)).serve()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §4.1: Vary-selected variants never answer another variant")
  void varyMismatchIsRefused() {
    StoredResponse gzip =
        stored(
            get("Accept-Encoding", "gzip, br"),
            "Cache-Control",
            "max-age=60",
            "Vary",
            "Accept-Encoding");
    assertThat(shared.mayServeFresh(get("Accept-Encoding", "BR,gzip"), gzip, at(1)).serve())
        .isTrue();
    assertThat(shared.mayServeFresh(get("Accept-Encoding", "identity"), gzip, at(1)).why())
        .isEqualTo("Vary selects another variant");
    assertThat(shared.mayServeStale(get(), gzip, status(502), at(1)).serve()).isFalse();
  }

  @Test
  void anotherUrlIsRefused() {
    StoredResponse s = stored("Cache-Control", "max-age=60");
    RequestHead other = RequestHead.get("https://example.com/prices?id=2");
    assertThat(shared.mayServeFresh(other, s, at(1)).why())
        .isEqualTo("stored response is for another URL");
  }

  @Test
  @DisplayName("RFC 9111 §4: fresh hits carry Age and Cache-Status hit with ttl")
  void freshHitCarriesAgeAndCacheStatus() {
    StoredResponse s =
        stored("Cache-Control", "max-age=600", "Age", "99", "Cache-Status", "Origin; fwd=miss");
    StaleDecision d = shared.mayServeFresh(get(), s, at(125));
    assertThat(d.serve()).isTrue();
    Headers out = d.applyTo(s.head().headers());
    assertThat(out.values("Age")).containsExactly("224");
    assertThat(out.values("Cache-Status"))
        .containsExactly("Origin; fwd=miss", "Failsoft; hit; ttl=376");
  }

  @Test
  @DisplayName("RFC 9111 §5.2.1: request no-cache, max-age and min-fresh are honoured")
  void requestDirectivesLimitFreshHits() {
    StoredResponse s = stored("Cache-Control", "max-age=600");
    assertThat(shared.mayServeFresh(get("Cache-Control", "no-cache"), s, at(1)).serve()).isFalse();
    assertThat(shared.mayServeFresh(get("Pragma", "no-cache"), s, at(1)).serve()).isFalse();
    assertThat(shared.mayServeFresh(get("Cache-Control", "max-age=10"), s, at(11)).serve())
        .isFalse();
    assertThat(shared.mayServeFresh(get("Cache-Control", "min-fresh=100"), s, at(501)).serve())
        .isFalse();
    assertThat(shared.mayServeFresh(get(), s, at(600)).why()).isEqualTo("stale by 0s");
  }

  @Test
  void detailIsWrittenOnlyWhenEnabled() {
    StoredResponse s = stored("Cache-Control", "max-age=0, stale-if-error=600");
    StalePolicy verbose = StalePolicy.shared().exposeDetail(true).cacheName("edge 1").build();
    assertThat(
            verbose.mayServeStale(get(), s, status(502), at(412)).headers().first("Cache-Status"))
        .contains("\"edge 1\"; fwd=stale; fwd-status=502; ttl=-412; detail=stale-if-error");
    assertThat(
            shared
                .mayServeStale(get(), s, status(502), at(412))
                .headers()
                .first("Cache-Status")
                .orElseThrow())
        .doesNotContain("detail")
        .doesNotContain("key");
  }

  @Test
  void refusedDecisionLeavesHeadersAlone() {
    StoredResponse s = stored("Cache-Control", "no-cache");
    StaleDecision d = shared.mayServeStale(get(), s, status(502), at(1));
    assertThat(d.applyTo(s.head().headers())).isSameAs(s.head().headers());
  }

  @Test
  void absurdDirectiveValuesGetASaneDecision() {
    StoredResponse s =
        stored(
            "Cache-Control", "max-age=-5, stale-if-error=abc", "Date", "not a date", "Age", "-1");
    StaleDecision d = shared.mayServeStale(get(), s, status(502), at(10));
    assertThat(d.serve()).isFalse();
    StoredResponse huge =
        stored(
            "Cache-Control", "max-age=99999999999999999999, stale-if-error=99999999999999999999");
    assertThat(shared.mayServeFresh(get(), huge, at(1_000_000)).serve()).isTrue();
  }
}
