package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheControlTest {

  @Test
  @DisplayName("RFC 9111 §5.2: token and quoted-string arguments are both accepted")
  void acceptsTokenAndQuotedStringArguments() {
    CacheControl cc = CacheControl.parse("max-age=\"60\", s-maxage=30, stale-if-error=\"600\"");
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(cc.sMaxAge()).contains(Duration.ofSeconds(30));
    assertThat(cc.staleIfError()).contains(Duration.ofSeconds(600));
  }

  @Test
  @DisplayName("RFC 9111 §5.2: unrecognised directives are ignored")
  void ignoresUnknownDirectives() {
    CacheControl cc = CacheControl.parse("nothing-to-see-here, foo=\"a, b\", max-age=5, bar=x");
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(5));
    assertThat(cc.noStore()).isFalse();
    assertThat(cc.toString()).isEqualTo("max-age=5");
  }

  @Test
  void directiveNamesCompareCaseInsensitively() {
    CacheControl cc = CacheControl.parse("NO-STORE, Max-Age=7, Must-Revalidate");
    assertThat(cc.noStore()).isTrue();
    assertThat(cc.mustRevalidate()).isTrue();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(7));
  }

  @Test
  @DisplayName("RFC 9111 §4.2.1: duplicate directives resolve to the most restrictive value")
  void duplicatesResolveToTheMostRestrictive() {
    CacheControl cc =
        CacheControl.parse(
            "max-age=600, max-age=60, stale-if-error=30, stale-if-error=10, min-fresh=5, min-fresh=9");
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(cc.staleIfError()).contains(Duration.ofSeconds(10));
    assertThat(cc.minFresh()).contains(Duration.ofSeconds(9));
  }

  @Test
  void privateWinsOverPublic() {
    CacheControl cc = CacheControl.parse("public, private");
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.isPublic()).isFalse();
  }

  @Test
  @DisplayName("RFC 9111 §4.2.1: invalid max-age values make the response stale")
  void invalidNumbersAreTreatedAsStale() {
    for (String bad :
        List.of(
            "max-age=-1",
            "max-age=abc",
            "max-age=1.5",
            "max-age=",
            "max-age",
            "max-age=\"12",
            "max-age=60 junk")) {
      assertThat(CacheControl.parse(bad).maxAge()).as(bad).contains(Duration.ZERO);
    }
    assertThat(CacheControl.parse("stale-if-error=-5").staleIfError()).contains(Duration.ZERO);
    assertThat(CacheControl.parse("min-fresh=x").minFresh()).isEmpty();
  }

  @Test
  @DisplayName("RFC 9111 §1.2.2: delta-seconds past 2^31 (and past 2^63) saturate to 2^31")
  void hugeNumbersSaturate() {
    assertThat(CacheControl.parse("max-age=99999999999999999999999999").maxAge())
        .contains(Duration.ofSeconds(2_147_483_648L));
    assertThat(CacheControl.parse("max-age=9223372036854775808").maxAge())
        .contains(Duration.ofSeconds(2_147_483_648L));
  }

  @Test
  void qualifiedNoCacheAndPrivateCountAsUnqualified() {
    CacheControl cc = CacheControl.parse("no-cache=\"Set-Cookie, X-A\", private=\"X-B\"");
    assertThat(cc.noCache()).isTrue();
    assertThat(cc.isPrivate()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §5.2.1.2: max-stale without a value accepts any staleness")
  void maxStaleWithoutValueMeansAny() {
    assertThat(CacheControl.parse("max-stale").maxStale())
        .contains(Duration.ofSeconds(2_147_483_648L));
    assertThat(CacheControl.parse("max-stale=10").maxStale()).contains(Duration.ofSeconds(10));
  }

  @Test
  void combinesEveryCacheControlField() {
    Headers headers = Headers.of("Cache-Control", "max-age=60", "Cache-Control", "no-cache");
    CacheControl cc = CacheControl.of(headers);
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(cc.noCache()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §5.4: Pragma: no-cache counts only without Cache-Control")
  void pragmaNoCacheAppliesOnlyWithoutCacheControl() {
    assertThat(CacheControl.of(Headers.of("Pragma", "no-cache")).noCache()).isTrue();
    assertThat(
            CacheControl.of(Headers.of("Pragma", "no-cache", "Cache-Control", "max-age=5"))
                .noCache())
        .isFalse();
  }

  @Test
  void requestDirectivesAreParsed() {
    CacheControl cc =
        CacheControl.parse(
            "only-if-cached, no-transform, min-fresh=3, immutable,"
                + " must-understand, proxy-revalidate, stale-while-revalidate=30");
    assertThat(cc.onlyIfCached()).isTrue();
    assertThat(cc.noTransform()).isTrue();
    assertThat(cc.immutable()).isTrue();
    assertThat(cc.mustUnderstand()).isTrue();
    assertThat(cc.proxyRevalidate()).isTrue();
    assertThat(cc.staleWhileRevalidate()).contains(Duration.ofSeconds(30));
  }

  @Test
  void garbageGetsADecisionNotAnException() {
    for (String junk :
        List.of(
            "",
            ",,,",
            "=",
            "\"",
            "max-age=\"\\",
            "\u0000\u00ff",
            "a=b=c",
            "no-store\"",
            "=5, no-store",
            "max-age==5")) {
      CacheControl cc = CacheControl.parse(junk);
      assertThat(cc).as(junk).isNotNull();
    }
    assertThat(CacheControl.parse("=5, no-store").noStore()).isTrue();
    assertThat(CacheControl.parse(null).toString()).isEmpty();
  }

  @Test
  @DisplayName("RFC 9213 §2.2: the first valid targeted field replaces Cache-Control")
  void targetedFieldWinsOverCacheControl() {
    Headers headers =
        Headers.of(
            "Cache-Control",
            "no-store",
            "CDN-Cache-Control",
            "max-age=120, stale-if-error=60",
            "Expires",
            "Thu, 01 Jan 1970 00:00:00 GMT");
    CacheControl cc =
        CacheControl.of(headers, List.of("Failsoft-Cache-Control", "CDN-Cache-Control"));
    assertThat(cc.targeted()).isTrue();
    assertThat(cc.noStore()).isFalse();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(120));
    assertThat(cc.staleIfError()).contains(Duration.ofSeconds(60));
  }

  @Test
  @DisplayName("RFC 9213 §2.1: an unparseable or empty targeted field is ignored entirely")
  void invalidTargetedFieldFallsBackToCacheControl() {
    Headers headers =
        Headers.of("Cache-Control", "max-age=5", "CDN-Cache-Control", "max-age=\"unterminated");
    CacheControl cc = CacheControl.of(headers, List.of("CDN-Cache-Control"));
    assertThat(cc.targeted()).isFalse();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(5));
    assertThat(
            CacheControl.of(
                    Headers.of("CDN-Cache-Control", "MAX-AGE=5"), List.of("CDN-Cache-Control"))
                .targeted())
        .isFalse();
  }

  @Test
  void targetedFieldIgnoresParametersAndReadsNonIntegersAsInvalid() {
    Headers headers = Headers.of("CDN-Cache-Control", "max-age=1.5;x=1, private, no-cache=?1");
    CacheControl cc = CacheControl.of(headers, List.of("CDN-Cache-Control"));
    assertThat(cc.maxAge()).contains(Duration.ZERO);
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.noCache()).isTrue();
    assertThat(
            CacheControl.of(
                    Headers.of("CDN-Cache-Control", "max-age=-3"), List.of("CDN-Cache-Control"))
                .maxAge())
        .isEqualTo(Optional.of(Duration.ZERO));
  }
}
