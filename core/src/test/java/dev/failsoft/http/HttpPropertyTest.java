package dev.failsoft.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the date and Retry-After parsers over many generated inputs, with a fixed seed so a
 * failure reproduces.
 */
class HttpPropertyTest {

  private static final long SEED = 0x5EED_F00DL;
  private static final int RUNS = 20_000;
  private static final long YEAR_1000 = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
  private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant YEAR_9999_END = Instant.parse("+10000-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void formatThenParseRoundTripsAnySecondOfTheYears1000To9999() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < RUNS; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(YEAR_1000, YEAR_10000));

      assertThat(HttpDate.parse(HttpDate.format(instant), NOW)).as("%s", instant).contains(instant);
    }
  }

  @Test
  void retryAfterAndHttpDateNeverThrowAndNeverGoNegative() {
    SplittableRandom random = new SplittableRandom(SEED);
    String alphabet = "0123456789 ,:-+GMTSunNovDec\t\r\n\u0000\u00ff\uffff";
    for (int i = 0; i < RUNS; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        s.append(
            random.nextBoolean()
                ? alphabet.charAt(random.nextInt(alphabet.length()))
                : (char) random.nextInt(Character.MAX_VALUE + 1));
      }
      String value = s.toString();

      RetryAfter.parse(value, NOW)
          .ifPresent(d -> assertThat(d.isNegative()).as("%s", value).isFalse());
      HttpDate.parse(value, NOW)
          .ifPresent(t -> assertThat(t).as("%s", value).isBetween(YEAR_0, YEAR_9999_END));
    }
  }

  @Test
  void retryAfterNeverThrowsOnMutationsOfValidValues() {
    SplittableRandom random = new SplittableRandom(SEED);
    String[] seeds = {
      "120",
      "Sun, 06 Nov 1994 08:49:37 GMT",
      "Sunday, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994"
    };
    for (int i = 0; i < RUNS; i++) {
      char[] chars = seeds[random.nextInt(seeds.length)].toCharArray();
      chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
      String value = new String(chars);

      RetryAfter.parse(value, NOW)
          .ifPresent(d -> assertThat(d.isNegative()).as("%s", value).isFalse());
    }
  }
}
