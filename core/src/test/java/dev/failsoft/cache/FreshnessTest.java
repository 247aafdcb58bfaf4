package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static dev.failsoft.cache.Fixtures.date;
import static dev.failsoft.cache.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FreshnessTest {

  private static Freshness freshness(StoredResponse stored, boolean shared, Instant now) {
    return Freshness.of(stored, CacheControl.of(stored.head().headers()), shared, now);
  }

  private static StoredResponse received(
      Instant requestTime, Instant responseTime, String... headers) {
    return new StoredResponse(
        CacheKey.of(get()).orElseThrow(),
        ResponseHead.of(200, Headers.of(headers)),
        java.nio.ByteBuffer.allocate(0),
        Headers.empty(),
        requestTime,
        responseTime);
  }

  @Test
  @DisplayName("RFC 9111 §4.2.1: a shared cache uses s-maxage before max-age")
  void sharedCacheUsesSMaxageFirst() {
    StoredResponse s = Fixtures.stored("Cache-Control", "max-age=60, s-maxage=600");
    assertThat(freshness(s, true, T0).lifetimeSeconds()).isEqualTo(600);
    assertThat(freshness(s, false, T0).lifetimeSeconds()).isEqualTo(60);
  }

  @Test
  @DisplayName("RFC 9111 §5.3: Expires is ignored when max-age is present")
  void maxAgeBeatsExpires() {
    StoredResponse s =
        Fixtures.stored("Cache-Control", "max-age=10", "Expires", date(T0.plusSeconds(1000)));
    assertThat(freshness(s, true, T0).lifetimeSeconds()).isEqualTo(10);
  }

  @Test
  @DisplayName("RFC 9111 §4.2.1: lifetime is Expires minus Date")
  void lifetimeIsExpiresMinusDate() {
    StoredResponse s = Fixtures.stored("Expires", date(T0.plusSeconds(300)));
    assertThat(freshness(s, true, T0).lifetimeSeconds()).isEqualTo(300);
  }

  @Test
  @DisplayName("RFC 9111 §5.3: an invalid Expires such as 0 means already expired")
  void invalidExpiresIsInThePast() {
    StoredResponse s =
        Fixtures.stored("Expires", "0", "Last-Modified", date(T0.minusSeconds(10_000)));
    Freshness f = freshness(s, true, T0);
    assertThat(f.lifetimeSeconds()).isZero();
    assertThat(f.isFresh()).isFalse();
  }

  @Test
  @DisplayName("RFC 9111 §4.2.2: the heuristic is 10% of Date minus Last-Modified")
  void heuristicIsTenPercentOfAge() {
    StoredResponse s = Fixtures.stored("Last-Modified", date(T0.minusSeconds(1000)));
    Freshness f = freshness(s, true, T0);
    assertThat(f.lifetimeSeconds()).isEqualTo(100);
    assertThat(f.heuristic()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §4.2.2: no heuristic for statuses that are not heuristically cacheable")
  void noHeuristicForOtherStatuses() {
    StoredResponse s =
        new StoredResponse(
            CacheKey.of(get()).orElseThrow(),
            ResponseHead.of(
                302, Headers.of("Date", date(T0), "Last-Modified", date(T0.minusSeconds(1000)))),
            java.nio.ByteBuffer.allocate(0),
            Headers.empty(),
            T0,
            T0);
    assertThat(freshness(s, true, T0).lifetimeSeconds()).isZero();
  }

  @Test
  void heuristicIsCappedAtOneDay() {
    StoredResponse s = Fixtures.stored("Last-Modified", "Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(freshness(s, true, T0).lifetimeSeconds()).isEqualTo(Freshness.HEURISTIC_CAP_SECONDS);
  }

  @Test
  @DisplayName("RFC 9111 §4.2.3: current age follows the corrected initial age formula")
  void currentAgeFollowsRfc9111Section423() {
    // Request at T0, response at T0+2s, Date T0-10s (clock skew), Age: 5.
    StoredResponse s =
        received(T0, T0.plusSeconds(2), "Date", date(T0.minusSeconds(10)), "Age", "5");
    // apparent_age = max(0, 2 - (-10)) = 12; corrected_age_value = 5 + 2 = 7; initial = 12.
    assertThat(freshness(s, true, T0.plusSeconds(2)).ageSeconds()).isEqualTo(12);
    // resident_time = 30
    assertThat(freshness(s, true, T0.plusSeconds(32)).ageSeconds()).isEqualTo(42);
  }

  @Test
  void ageValueWinsWhenLargerThanApparentAge() {
    StoredResponse s = received(T0, T0.plusSeconds(1), "Date", date(T0), "Age", "100");
    assertThat(freshness(s, true, T0.plusSeconds(1)).ageSeconds()).isEqualTo(101);
  }

  @Test
  @DisplayName("RFC 9111 §5.1: a list-valued Age uses its first member; an invalid one is ignored")
  void ageListUsesFirstMemberAndInvalidIsIgnored() {
    assertThat(freshness(received(T0, T0, "Age", "7, 99"), true, T0).ageSeconds()).isEqualTo(7);
    assertThat(freshness(received(T0, T0, "Age", "-7"), true, T0).ageSeconds()).isZero();
    assertThat(freshness(received(T0, T0, "Age", "x"), true, T0).ageSeconds()).isZero();
    assertThat(freshness(received(T0, T0, "Age", "99999999999999999999999"), true, T0).ageSeconds())
        .isEqualTo(2_147_483_648L);
  }

  @Test
  void conflictingDateFieldsAreIgnoredAndAgeStaysSane() {
    StoredResponse s =
        received(
            T0,
            T0,
            "Date",
            date(T0.minusSeconds(500)),
            "Date",
            date(T0.minusSeconds(5)),
            "Expires",
            date(T0.plusSeconds(60)));
    Freshness f = freshness(s, true, T0.plusSeconds(10));
    assertThat(f.ageSeconds()).isEqualTo(10);
    assertThat(f.lifetimeSeconds()).isEqualTo(60);
  }

  @Test
  void aClockGoingBackwardsNeverMakesAgeNegative() {
    StoredResponse s = received(T0.plusSeconds(50), T0, "Date", date(T0.plusSeconds(100)));
    assertThat(freshness(s, true, T0.minusSeconds(1000)).ageSeconds()).isZero();
  }

  @Test
  void ttlIsNegativeWhenStale() {
    StoredResponse s = Fixtures.stored("Cache-Control", "max-age=60");
    Freshness f = freshness(s, true, T0.plusSeconds(472));
    assertThat(f.isFresh()).isFalse();
    assertThat(f.ttlSeconds()).isEqualTo(-412);
    assertThat(f.stalenessSeconds()).isEqualTo(412);
  }

  @Test
  @DisplayName("RFC 9111 §4.2: fresh means lifetime greater than current age")
  void freshIsStrictlyGreater() {
    StoredResponse s = Fixtures.stored("Cache-Control", "max-age=60");
    assertThat(freshness(s, true, T0.plusSeconds(59)).isFresh()).isTrue();
    assertThat(freshness(s, true, T0.plusSeconds(60)).isFresh()).isFalse();
  }
}
