package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks of the RFC 9111 §4.2.3 age arithmetic over many generated exchanges, with a
 * fixed seed so that a failure reproduces.
 */
class AgeArithmeticPropertyTest {

  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private final Random random = new Random(9111L);

  private static long age(long dateOffset, long ageValue, long delay, long resident) {
    Instant response = BASE.plusSeconds(delay);
    StoredResponse s =
        new StoredResponse(
            CacheKey.of(Fixtures.get()).orElseThrow(),
            ResponseHead.of(
                200,
                Headers.of(
                    "Date",
                    HttpDate.format(BASE.plusSeconds(dateOffset)),
                    "Age",
                    Long.toString(ageValue))),
            ByteBuffer.allocate(0),
            Headers.empty(),
            BASE,
            response);
    return Freshness.of(s, CacheControl.none(), true, response.plusSeconds(resident)).ageSeconds();
  }

  private long between(long min, long max) {
    return min + Math.floorMod(random.nextLong(), max - min + 1);
  }

  @Test
  void currentAgeMatchesTheRfcFormula() {
    for (int i = 0; i < 2000; i++) {
      long dateOffset = between(-100_000, 100_000);
      long ageValue = between(0, 1_000_000);
      long delay = between(0, 1000);
      long resident = between(0, 10_000_000);
      long apparent = Math.max(0, delay - dateOffset);
      long corrected = ageValue + delay;
      assertThat(age(dateOffset, ageValue, delay, resident))
          .as("date %d age %d delay %d resident %d", dateOffset, ageValue, delay, resident)
          .isEqualTo(Math.max(apparent, corrected) + resident);
    }
  }

  @Test
  void ageGrowsOneSecondPerSecondResident() {
    for (int i = 0; i < 1000; i++) {
      long dateOffset = between(-100_000, 100_000);
      long ageValue = between(0, 1_000_000);
      long resident = between(0, 10_000);
      assertThat(
              age(dateOffset, ageValue, 1, resident + 1) - age(dateOffset, ageValue, 1, resident))
          .isEqualTo(1);
    }
  }

  @Test
  void ageIsNeverNegative() {
    for (int i = 0; i < 1000; i++) {
      assertThat(age(between(-1_000_000, 1_000_000), 0, between(0, 100), 0)).isNotNegative();
    }
  }
}
