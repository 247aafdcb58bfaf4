package dev.failsoft.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration HUNDRED_YEARS = Duration.ofSeconds(100L * 365 * 24 * 3600);

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("007", NOW)).contains(Duration.ofSeconds(7));
  }

  @Test
  void readsAnHttpDateRelativeToNow() {
    assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:01:30 GMT", NOW))
        .contains(Duration.ofSeconds(90));
    assertThat(RetryAfter.parse("Wednesday, 25-Nov-26 12:00:10 GMT", NOW))
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose, to see it refused
  void rejectsNegativeSignedAndNonDigitValues() {
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("+5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("5s", NOW)).isEmpty();
    assertThat(RetryAfter.parse("\u0665", NOW)).isEmpty(); // Arabic-Indic digit five
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> RetryAfter.parse(null, NOW))
        .withMessage("value");
  }

  @Test
  void clampsHugeDelaysOfEitherFormToAHundredYears() {
    assertThat(RetryAfter.parse("99999999999999999999999999999999", NOW)).contains(HUNDRED_YEARS);
    assertThat(RetryAfter.parse("9".repeat(100_000), NOW)).contains(HUNDRED_YEARS);
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).contains(HUNDRED_YEARS);
  }

  @Test
  void readsTheFirstRetryAfterField() {
    Headers h = Headers.of("retry-after", "30", "Retry-After", "60");

    assertThat(RetryAfter.of(h, NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.of(Headers.empty(), NOW)).isEmpty();
  }
}
