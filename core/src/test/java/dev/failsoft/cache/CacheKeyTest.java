package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  private static CacheKey key(String method, String uri, String... headers) {
    return CacheKey.of(new RequestHead(method, URI.create(uri), Headers.of(headers))).orElseThrow();
  }

  @Test
  void keyHoldsMethodSchemeAuthorityPathAndQuery() {
    CacheKey k = key("GET", "HTTPS://Example.COM:8443/A/b?x=1&y=2");
    assertThat(k).isEqualTo(new CacheKey("GET", "https", "example.com:8443", "/A/b?x=1&y=2"));
    assertThat(k.toString()).isEqualTo("GET https://example.com:8443/A/b?x=1&y=2");
  }

  @Test
  @DisplayName("Checklist 2 and 3: path and query are kept exactly as received")
  void pathAndQueryAreNotNormalised() {
    assertThat(key("GET", "https://e.com/a/../b")).isNotEqualTo(key("GET", "https://e.com/b"));
    assertThat(key("GET", "https://e.com/a%2Fb")).isNotEqualTo(key("GET", "https://e.com/a/b"));
    assertThat(key("GET", "https://e.com/p;jsessionid=1"))
        .isNotEqualTo(key("GET", "https://e.com/p"));
    assertThat(key("GET", "https://e.com/?a=1&b=2"))
        .isNotEqualTo(key("GET", "https://e.com/?b=2&a=1"));
    assertThat(key("GET", "https://e.com/?a=1;b=2"))
        .isNotEqualTo(key("GET", "https://e.com/?a=1&b=2"));
    assertThat(key("GET", "https://e.com").target()).isEqualTo("/");
  }

  @Test
  @DisplayName("Checklist 1: X-Forwarded-Host never enters or replaces the key's authority")
  void forwardedHostIsNotKeyed() {
    assertThat(key("GET", "https://e.com/", "X-Forwarded-Host", "evil.com"))
        .isEqualTo(key("GET", "https://e.com/"));
  }

  @Test
  void hostHeaderStandsInForAMissingAuthorityWhenWellFormed() {
    RequestHead relative = new RequestHead("GET", URI.create("/p"), Headers.of("Host", "E.com"));
    assertThat(CacheKey.of(relative)).isEmpty();
    RequestHead noAuthority =
        new RequestHead("GET", URI.create("http:/p"), Headers.of("Host", "E.com"));
    assertThat(CacheKey.of(noAuthority).orElseThrow().authority()).isEqualTo("e.com");
    RequestHead evilHost =
        new RequestHead("GET", URI.create("http:/p"), Headers.of("Host", "a.com/x@b.com"));
    assertThat(CacheKey.of(evilHost)).isEmpty();
  }

  @Test
  void userInfoMakesARequestUncacheable() {
    assertThat(CacheKey.of(RequestHead.get("https://user@e.com/"))).isEmpty();
  }

  @Test
  void onlyGetAndHeadHaveKeysAndTheyDiffer() {
    assertThat(CacheKey.of(RequestHead.of("POST", "https://e.com/", Headers.empty()))).isEmpty();
    assertThat(key("HEAD", "https://e.com/")).isNotEqualTo(key("GET", "https://e.com/"));
    assertThat(key("HEAD", "https://e.com/").withMethod("GET"))
        .isEqualTo(key("GET", "https://e.com/"));
  }

  @Test
  void keysAreBoundedInLength() {
    String longUrl = "https://e.com/?q=" + "a".repeat(CacheKey.DEFAULT_MAX_LENGTH);
    assertThat(CacheKey.of(RequestHead.get(longUrl))).isEmpty();
    assertThat(CacheKey.of(RequestHead.get("https://e.com/abc"), 10)).isEmpty();
    assertThat(CacheKey.of(RequestHead.of("GET", "ftp://e.com/", Headers.empty()))).isEmpty();
  }
}
