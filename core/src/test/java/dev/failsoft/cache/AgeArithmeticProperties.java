package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class AgeArithmeticProperties {

  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private static long age(long dateOffset, long ageValue, long delay, long resident) {
    Instant request = BASE;
    Instant response = BASE.plusSeconds(delay);
    StoredResponse s = new StoredResponse(
        CacheKey.of(Fixtures.get()).orElseThrow(),
        ResponseHead.of(200, Headers.of("Date", HttpDate.format(BASE.plusSeconds(dateOffset)),
            "Age", Long.toString(ageValue))),
        ByteBuffer.allocate(0), Headers.empty(), request, response);
    return Freshness.of(s, CacheControl.none(), true, response.plusSeconds(resident))
        .ageSeconds();
  }

  @Property(tries = 500)
  void currentAgeMatchesTheRfcFormula(
      @ForAll @LongRange(min = -100_000, max = 100_000) long dateOffset,
      @ForAll @LongRange(min = 0, max = 1_000_000) long ageValue,
      @ForAll @LongRange(min = 0, max = 1000) long delay,
      @ForAll @LongRange(min = 0, max = 10_000_000) long resident) {
    long apparent = Math.max(0, delay - dateOffset);
    long corrected = ageValue + delay;
    assertThat(age(dateOffset, ageValue, delay, resident))
        .isEqualTo(Math.max(apparent, corrected) + resident);
  }

  @Property(tries = 300)
  void ageNeverDecreasesAsTimePasses(
      @ForAll @LongRange(min = -100_000, max = 100_000) long dateOffset,
      @ForAll @LongRange(min = 0, max = 1_000_000) long ageValue,
      @ForAll @LongRange(min = 0, max = 10_000) long resident) {
    assertThat(age(dateOffset, ageValue, 1, resident + 1))
        .isGreaterThan(age(dateOffset, ageValue, 1, resident));
  }

  @Property(tries = 300)
  void ageIsNeverNegative(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long dateOffset,
      @ForAll @LongRange(min = 0, max = 100) long delay) {
    assertThat(age(dateOffset, 0, delay, 0)).isNotNegative();
  }
}
