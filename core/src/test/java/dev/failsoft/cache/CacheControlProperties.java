package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class CacheControlProperties {

  @Property(tries = 500)
  void anyStringParsesWithoutThrowing(@ForAll String value) {
    assertThat(CacheControl.parse(value)).isNotNull();
  }

  @Property(tries = 300)
  void maxAgeRoundTripsForEveryDeltaSeconds(@ForAll @LongRange(min = 0, max = 2_147_483_648L)
      long seconds, @ForAll boolean quoted) {
    String arg = quoted ? "\"" + seconds + "\"" : Long.toString(seconds);
    assertThat(CacheControl.parse("public, max-age=" + arg + ", x").maxAge())
        .contains(Duration.ofSeconds(seconds));
  }

  @Property(tries = 300)
  void theSmallerOfTwoMaxAgesWins(@ForAll @LongRange(min = 0, max = 1_000_000) long a,
      @ForAll @LongRange(min = 0, max = 1_000_000) long b) {
    assertThat(CacheControl.parse("max-age=" + a + ",max-age=" + b).maxAge())
        .contains(Duration.ofSeconds(Math.min(a, b)));
  }

  @Property(tries = 200)
  void negativeNumbersAreInvalidAndStale(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1)
      long n) {
    assertThat(CacheControl.parse("max-age=" + n).maxAge()).contains(Duration.ZERO);
  }
}
