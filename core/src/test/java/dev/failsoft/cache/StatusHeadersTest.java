package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatusHeadersTest {

  @Test
  @DisplayName("RFC 9211 §2: the examples' members are written exactly")
  void writesTheRfc9211Members() {
    assertThat(CacheStatus.builder("Lib").hit().ttl(376).build()).hasToString("Lib; hit; ttl=376");
    assertThat(
            CacheStatus.builder("Lib")
                .fwd(CacheStatus.Fwd.STALE)
                .fwdStatus(502)
                .ttl(-412)
                .detail("stale-if-error")
                .build())
        .hasToString("Lib; fwd=stale; fwd-status=502; ttl=-412; detail=stale-if-error");
    assertThat(CacheStatus.builder("Lib").fwd(CacheStatus.Fwd.URI_MISS).collapsed(true).build())
        .hasToString("Lib; fwd=uri-miss; collapsed");
    assertThat(CacheStatus.builder("Lib").fwd(CacheStatus.Fwd.MISS).stored(true).build())
        .hasToString("Lib; fwd=miss; stored");
  }

  @Test
  @DisplayName("RFC 9211 §2.1: hit and fwd are exclusive")
  void hitAndFwdAreExclusive() {
    CacheStatus s = CacheStatus.builder("Lib").hit().fwd(CacheStatus.Fwd.STALE).build();
    assertThat(s.hit()).isFalse();
    assertThat(s.fwd()).contains(CacheStatus.Fwd.STALE);
  }

  @Test
  @DisplayName("RFC 9211 §2: a member is appended after those already present")
  void appendsAfterExistingMembers() {
    Headers existing = Headers.of("Cache-Status", "CDN; hit");
    Headers out = CacheStatus.builder("Failsoft").hit().build().appendTo(existing);
    assertThat(out.values("Cache-Status")).containsExactly("CDN; hit", "Failsoft; hit");
  }

  @Test
  void namesAndDetailsThatAreNotTokensBecomeEscapedStrings() {
    assertThat(CacheStatus.builder("my cache").hit().detail("a \"b\"\\\n").build())
        .hasToString("\"my cache\"; hit; detail=\"a \\\"b\\\"\\\\?\"");
    assertThatThrownBy(() -> CacheStatus.builder("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheStatus.builder("x").fwdStatus(42))
        .hasMessage("fwdStatus: 42 (expected: 100..999)");
  }

  @Test
  @DisplayName("RFC 9209: error type from the diagnosis, received-status, details only on request")
  void proxyStatusComesFromTheDiagnosis() {
    Diagnosis refused = Diagnosis.builder(FailureKind.CONNECTION_REFUSED).build();
    assertThat(ProxyStatus.member("Failsoft", refused, false))
        .isEqualTo("Failsoft; error=connection_refused");
    Diagnosis badGateway = Diagnosis.builder(FailureKind.BAD_GATEWAY).status(502).build();
    assertThat(ProxyStatus.member("Failsoft", badGateway, false))
        .isEqualTo("Failsoft; received-status=502");
    assertThat(ProxyStatus.member("Failsoft", badGateway, true))
        .startsWith("Failsoft; received-status=502; details=\"");
    Headers out =
        ProxyStatus.appendTo(
            Headers.of("Proxy-Status", "nginx; error=x"), "Failsoft", refused, false);
    assertThat(out.values("Proxy-Status"))
        .containsExactly("nginx; error=x", "Failsoft; error=connection_refused");
    assertThat(out.toString()).doesNotContain("next-hop");
  }
}
