package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.get;
import static dev.failsoft.cache.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StalePolicyStorageTest {

  private final StalePolicy shared = StalePolicy.shared().build();
  private final StalePolicy privateCache = StalePolicy.privateCache().build();

  @Test
  void storesACacheableResponse() {
    StoreDecision d = shared.mayStore(get(), ok("Cache-Control", "max-age=60"));
    assertThat(d.store()).isTrue();
    assertThat(d.why()).isEqualTo("stored: cacheable");
  }

  @Test
  @DisplayName("RFC 9111 §3: no-store in the response or the request forbids storing")
  void neverStoresNoStore() {
    assertThat(shared.mayStore(get(), ok("Cache-Control", "max-age=60, no-store")).why())
        .isEqualTo("not stored: response has no-store");
    assertThat(
            shared
                .mayStore(get("Cache-Control", "no-store"), ok("Cache-Control", "max-age=60"))
                .store())
        .isFalse();
  }

  @Test
  @DisplayName("RFC 9111 §3: a shared cache never stores private; a private cache may")
  void sharedCacheNeverStoresPrivate() {
    assertThat(shared.mayStore(get(), ok("Cache-Control", "private, max-age=60")).why())
        .isEqualTo("not stored: response is private");
    assertThat(
            shared.mayStore(get(), ok("Cache-Control", "private=\"X-User\", max-age=60")).store())
        .isFalse();
    assertThat(privateCache.mayStore(get(), ok("Cache-Control", "private, max-age=60")).store())
        .isTrue();
  }

  @Test
  @DisplayName(
      "RFC 9111 §3.5 (checklist 5): Authorization requests only with public, s-maxage"
          + " or must-revalidate")
  void sharedCacheStoresAuthorizationRequestsOnlyWhenExplicitlyAllowed() {
    RequestHead withAuth = get("Authorization", "Bearer secret");
    assertThat(shared.mayStore(withAuth, ok("Cache-Control", "max-age=60")).why())
        .startsWith("not stored: request has Authorization");
    assertThat(shared.mayStore(withAuth, ok("Cache-Control", "public, max-age=60")).store())
        .isTrue();
    assertThat(shared.mayStore(withAuth, ok("Cache-Control", "s-maxage=60")).store()).isTrue();
    assertThat(
            shared.mayStore(withAuth, ok("Cache-Control", "max-age=60, must-revalidate")).store())
        .isTrue();
    assertThat(privateCache.mayStore(withAuth, ok("Cache-Control", "max-age=60")).store()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §4.1 (checklist 8): Vary: * is never stored")
  void neverStoresVaryStar() {
    assertThat(shared.mayStore(get(), ok("Cache-Control", "max-age=60", "Vary", "Accept, *")).why())
        .isEqualTo("not stored: response has Vary: *");
  }

  @Test
  @DisplayName("RFC 9111 §3.3 (checklist 13): 206 partial content is never stored")
  void neverStoresPartialContent() {
    assertThat(
            shared
                .mayStore(get(), ResponseHead.of(206, Headers.of("Cache-Control", "max-age=60")))
                .why())
        .isEqualTo("not stored: partial content (206) is not stored");
  }

  @Test
  @DisplayName("Checklist 6: Set-Cookie responses are not stored by default")
  void sharedCacheDoesNotStoreSetCookieByDefault() {
    assertThat(shared.mayStore(get(), ok("Cache-Control", "max-age=60", "Set-Cookie", "s=1")).why())
        .isEqualTo("not stored: response has Set-Cookie");
  }

  @Test
  @DisplayName("Checklist 6: when opted in, Set-Cookie is stripped and never replayed")
  void storeWithoutSetCookieStripsIt() {
    StalePolicy strip = StalePolicy.shared().setCookie(StalePolicy.SetCookie.STORE_WITHOUT).build();
    StoreDecision d =
        strip.mayStore(
            get(), ok("Cache-Control", "max-age=60", "Set-Cookie", "s=1", "ETag", "\"v1\""));
    assertThat(d.store()).isTrue();
    assertThat(d.why()).isEqualTo("stored: without Set-Cookie");
    assertThat(d.storedHeaders().contains("Set-Cookie")).isFalse();
    assertThat(d.storedHeaders().first("ETag")).contains("\"v1\"");
    assertThat(
            privateCache
                .mayStore(get(), ok("Cache-Control", "max-age=60", "Set-Cookie", "s=1"))
                .storedHeaders()
                .contains("Set-Cookie"))
        .isFalse();
  }

  @Test
  @DisplayName("Checklist 5: Cookie requests are not stored unless the route opts in")
  void cookieRequestsAreStoredOnlyWhenTheRouteOptsIn() {
    StalePolicy optedIn =
        StalePolicy.shared()
            .windows(StaleWindows.builder().storeCookieRequests(true).build())
            .build();
    RequestHead priced = get("Cookie", "session=abc");
    RequestHead asset =
        RequestHead.of(
            "GET", "https://example.com/public/a.css", Headers.of("Cookie", "session=abc"));
    assertThat(
            StalePolicy.shared().build().mayStore(priced, ok("Cache-Control", "max-age=60")).why())
        .isEqualTo("not stored: request has Cookie and the route does not opt in");
    assertThat(optedIn.mayStore(asset, ok("Cache-Control", "max-age=60")).store()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §3.1 (checklist 11): hop-by-hop and Proxy-* fields are never stored")
  void hopByHopAndProxyFieldsAreNeverStored() {
    StoreDecision d =
        shared.mayStore(
            get(),
            ok(
                "Cache-Control",
                "max-age=60",
                "Connection",
                "close, X-Hop",
                "X-Hop",
                "1",
                "Keep-Alive",
                "timeout=5",
                "Transfer-Encoding",
                "chunked",
                "Proxy-Authenticate",
                "Basic",
                "Proxy-Authentication-Info",
                "x",
                "Proxy-Status",
                "nginx",
                "Upgrade",
                "h2c",
                "Content-Type",
                "text/html"));
    assertThat(d.store()).isTrue();
    assertThat(d.storedHeaders().names()).containsExactly("Cache-Control", "Content-Type");
  }

  @Test
  @DisplayName("Checklist 9: error statuses are never stored, so they never replace a good copy")
  void errorResponsesAreNeverStored() {
    for (int status : new int[] {400, 413, 414, 431, 500, 502, 503, 504}) {
      StoreDecision d =
          shared.mayStore(
              get(), ResponseHead.of(status, Headers.of("Cache-Control", "max-age=600")));
      assertThat(d.store()).as("status %d", status).isFalse();
      assertThat(d.why()).isEqualTo("not stored: status " + status + " is not stored");
    }
  }

  @Test
  @DisplayName("RFC 9111 §3: only GET and HEAD are cached; unsafe methods write through")
  void onlyGetAndHeadAreStored() {
    RequestHead post = RequestHead.of("POST", Fixtures.URL, Headers.empty());
    assertThat(shared.mayStore(post, ok("Cache-Control", "max-age=60")).why())
        .isEqualTo("not stored: method POST is not cached");
  }

  @Test
  @DisplayName("Checklist 18: a GET with a body is not stored")
  void fatGetIsNotStored() {
    assertThat(shared.mayStore(get("Content-Length", "5"), ok("Cache-Control", "max-age=60")).why())
        .isEqualTo("not stored: request has a body");
  }

  @Test
  @DisplayName("Checklist 1: unkeyed inputs such as X-Forwarded-Host make a shared cache refuse")
  void unkeyedRequestFieldsAreRefused() {
    assertThat(
            shared
                .mayStore(
                    get("X-Forwarded-Host", "evil.example"), ok("Cache-Control", "max-age=60"))
                .why())
        .isEqualTo("not stored: request has unkeyed field X-Forwarded-Host");
    assertThat(
            shared
                .mayStore(
                    get("X-HTTP-Method-Override", "DELETE"), ok("Cache-Control", "max-age=60"))
                .store())
        .isFalse();
  }

  @Test
  @DisplayName("RFC 9110 §15.1: other statuses need explicit freshness")
  void redirectWithoutFreshnessIsNotStored() {
    assertThat(shared.mayStore(get(), ResponseHead.of(302, Headers.empty())).why())
        .isEqualTo("not stored: status 302 needs explicit freshness");
    assertThat(
            shared
                .mayStore(get(), ResponseHead.of(302, Headers.of("Cache-Control", "max-age=5")))
                .store())
        .isTrue();
    assertThat(shared.mayStore(get(), ResponseHead.of(404, Headers.empty())).store()).isTrue();
    assertThat(shared.mayStore(get(), ResponseHead.of(200, Headers.empty())).store()).isTrue();
  }

  @Test
  @DisplayName("RFC 9112 §6.3: a response with conflicting Content-Length values is never stored")
  void neverStoresConflictingContentLengths() {
    ResponseHead twoFields =
        new ResponseHead(
            200,
            "OK",
            Headers.of("Cache-Control", "max-age=60", "Content-Length", "5").toBuilder()
                .add("Content-Length", "7")
                .build());
    assertThat(privateCache.mayStore(get(), twoFields).why())
        .isEqualTo(
            "not stored: framing is invalid: Content-Length: 5, 7"
                + " (expected: one non-negative decimal length)");
    assertThat(
            shared
                .mayStore(get(), ok("Cache-Control", "max-age=60", "Content-Length", "5, 6"))
                .store())
        .isFalse();
    assertThat(
            shared
                .mayStore(get(), ok("Cache-Control", "max-age=60", "Content-Length", "5, 5"))
                .store())
        .isTrue();
  }

  @Test
  @DisplayName("RFC 9112 §6.3: Content-Length together with Transfer-Encoding is never stored")
  void neverStoresContentLengthWithTransferEncoding() {
    StoreDecision d =
        shared.mayStore(
            get(),
            ok(
                "Cache-Control",
                "max-age=60",
                "Content-Length",
                "5",
                "Transfer-Encoding",
                "chunked"));
    assertThat(d.store()).isFalse();
    assertThat(d.why()).contains("Content-Length: 5 with Transfer-Encoding: chunked");
  }

  @Test
  void overCapBodiesAreNotStored() {
    StalePolicy small = StalePolicy.shared().maxBodyBytes(100).build();
    assertThat(
            small
                .mayStore(get(), ok("Cache-Control", "max-age=60", "Content-Length", "101"))
                .store())
        .isFalse();
    assertThat(
            small
                .mayStore(
                    get(),
                    ok("Cache-Control", "max-age=60", "Content-Length", "99999999999999999999999"))
                .store())
        .isFalse();
    assertThat(
            small
                .mayStore(get(), ok("Cache-Control", "max-age=60", "Content-Length", "-1"))
                .store())
        .isFalse();
    assertThat(
            small
                .mayStore(get(), ok("Cache-Control", "max-age=60", "Content-Length", "100"))
                .store())
        .isTrue();
    assertThat(small.maxBodyBytes()).isEqualTo(100);
  }

  @Test
  @DisplayName("Retention is the freshness lifetime plus the largest allowed stale window")
  void retentionIsLifetimePlusLargestStaleWindow() {
    StalePolicy policy =
        StalePolicy.shared()
            .windows(StaleWindows.builder().maxStaleIfError(Duration.ofSeconds(600)).build())
            .build();
    StoredResponse s = Fixtures.stored("Cache-Control", "max-age=60, stale-if-error=86400");
    assertThat(policy.retention(s, Fixtures.T0)).isEqualTo(Duration.ofSeconds(660));
    assertThat(policy.retention(s, Fixtures.T0.plusSeconds(100)))
        .isEqualTo(Duration.ofSeconds(560));
    StoredResponse noStale = Fixtures.stored("Cache-Control", "max-age=60, must-revalidate");
    assertThat(policy.retention(noStale, Fixtures.T0)).isEqualTo(Duration.ofSeconds(60));
    StoredResponse nothing = Fixtures.stored();
    assertThat(policy.retention(nothing, Fixtures.T0)).isZero();
  }

  @Test
  void builderRejectsBadValuesWithUsefulMessages() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StaleWindows.builder().maxStaleIfError(Duration.ofSeconds(-1)))
        .hasMessage("maxStaleIfError: PT-1S (expected: >= 0)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StaleWindows.builder().maxStaleIfError(404, Duration.ofSeconds(1)))
        .hasMessage("status: 404 (expected: 500, 502, 503 or 504)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StalePolicy.shared().windows(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("windows");
  }

  @Test
  @DisplayName("RFC 9111 §4.4: a successful unsafe request invalidates the target URI")
  void unsafeMethodInvalidatesTheTargetUri() {
    RequestHead post = RequestHead.of("POST", Fixtures.URL, Headers.empty());
    CacheKey getKey = CacheKey.of(get()).orElseThrow();
    assertThat(shared.invalidations(post, ResponseHead.of(303, Headers.empty())))
        .containsExactly(getKey, getKey.withMethod("HEAD"));
    assertThat(shared.invalidations(post, ResponseHead.of(502, Headers.empty()))).isEmpty();
    assertThat(shared.invalidations(get(), ok())).isEmpty();
  }

  @Test
  @DisplayName(
      "RFC 9111 §5.2.2.4: no-cache responses are not stored, as this cache never" + " revalidates")
  void noCacheResponsesAreNotStored() {
    assertThat(shared.mayStore(get(), ok("Cache-Control", "max-age=60, no-cache=\"X\"")).why())
        .isEqualTo("not stored: response has no-cache and this cache does not revalidate");
  }

  @Test
  void pragmaNoCacheMustBeTheWholeDirective() {
    assertThat(CacheControl.of(Headers.of("Pragma", "no-cachex")).noCache()).isFalse();
    assertThat(CacheControl.of(Headers.of("Pragma", "x, no-cache")).noCache()).isTrue();
  }
}
