package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges of the directive scan: case, whitespace, quoting and look-alike names. */
class CacheControlScanTest {

  @Test
  void namesMatchInAnyAsciiCaseAcrossEveryDirective() {
    CacheControl cc =
        CacheControl.parse(
            "PUBLIC, NO-TRANSFORM, Proxy-Revalidate, IMMUTABLE,"
                + " Must-Understand, ONLY-IF-CACHED, S-MaxAge=3, Stale-While-Revalidate=4,"
                + " STALE-IF-ERROR=5, Max-Stale=6, MIN-FRESH=7, No-Cache, NO-STORE");
    assertThat(cc.toString())
        .isEqualTo(
            "no-store, no-cache, public, proxy-revalidate,"
                + " must-understand, no-transform, only-if-cached, immutable, s-maxage=3, max-stale=6,"
                + " min-fresh=7, stale-if-error=5, stale-while-revalidate=4");
  }

  @Test
  void namesThatOnlyLookAlikeAreIgnored() {
    // U+212A KELVIN SIGN and U+017F LONG S fold to ASCII letters in Unicode, but are no tchars.
    CacheControl cc =
        CacheControl.parse(
            "\u017F-maxage=1, max-\u212Aage=2, max_age=3, "
                + "maxage=4, max-agee=5, no-stor, private-x, public2");
    assertThat(cc.toString()).isEmpty();
  }

  @Test
  void whitespaceAroundNamesEqualsAndValuesIsSkipped() {
    CacheControl cc = CacheControl.parse(" \t,, max-age \t= \t60 ,\tno-cache\t, ,");
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(cc.noCache()).isTrue();
  }

  @Test
  void quotedValuesMayHoldCommasAndEscapes() {
    CacheControl cc =
        CacheControl.parse(
            "no-cache=\"set-cookie, x-a\", private=\"a\\\"b, c\", max-age=\"30\", must-revalidate");
    assertThat(cc.noCache()).isTrue();
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.maxAge()).contains(Duration.ofSeconds(30));
    assertThat(cc.mustRevalidate()).isTrue();
    // A quoted number with spaces inside is no delta-seconds.
    assertThat(CacheControl.parse("max-age=\" 30\"").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void duplicatesAcrossFieldsKeepTheMostRestrictiveReading() {
    Headers headers =
        Headers.of(
            "Cache-Control",
            "max-stale, s-maxage=90",
            "Cache-Control",
            "max-stale=20, s-maxage=x, STALE-WHILE-REVALIDATE=9");
    CacheControl cc = CacheControl.of(headers);
    assertThat(cc.maxStale()).contains(Duration.ofSeconds(20));
    assertThat(cc.sMaxAge()).contains(Duration.ZERO);
    assertThat(cc.staleWhileRevalidate()).contains(Duration.ofSeconds(9));
  }

  @Test
  void hugeAndBadNumbersInEveryNumericDirective() {
    CacheControl huge =
        CacheControl.parse(
            "s-maxage=4294967296, stale-if-error=2147483649,"
                + " stale-while-revalidate=18446744073709551616, min-fresh=99999999999999999999");
    assertThat(huge.sMaxAge()).contains(Duration.ofSeconds(2_147_483_648L));
    assertThat(huge.staleIfError()).contains(Duration.ofSeconds(2_147_483_648L));
    assertThat(huge.staleWhileRevalidate()).contains(Duration.ofSeconds(2_147_483_648L));
    assertThat(huge.minFresh()).contains(Duration.ofSeconds(2_147_483_648L));
    CacheControl bad =
        CacheControl.parse(
            "s-maxage=+1, stale-if-error=0x10,"
                + " stale-while-revalidate=\u0661, max-stale=1e3, min-fresh=-0");
    assertThat(bad.sMaxAge()).contains(Duration.ZERO);
    assertThat(bad.staleIfError()).contains(Duration.ZERO);
    assertThat(bad.staleWhileRevalidate()).contains(Duration.ZERO);
    assertThat(bad.maxStale()).contains(Duration.ZERO);
    assertThat(bad.minFresh()).isEmpty();
  }

  @Test
  void targetedKeysAreMatchedByTheSameNameTable() {
    Headers headers =
        Headers.of(
            "CDN-Cache-Control",
            "stale-while-revalidate=7, must-revalidate, s-maxage=8, public=?0, immutable");
    CacheControl cc = CacheControl.of(headers, List.of("CDN-Cache-Control"));
    assertThat(cc.targeted()).isTrue();
    assertThat(cc.staleWhileRevalidate()).contains(Duration.ofSeconds(7));
    assertThat(cc.mustRevalidate()).isTrue();
    assertThat(cc.sMaxAge()).contains(Duration.ofSeconds(8));
    assertThat(cc.isPublic()).isFalse();
    assertThat(cc.immutable()).isTrue();
  }
}
