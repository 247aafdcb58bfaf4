package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks of the directive parser over many generated inputs. The seed is fixed so
 * that a failure reproduces; the assertion message carries the failing input.
 */
class CacheControlPropertyTest {

  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyz-=\",; \t\\0123456789*?\u00e9\u0000";
  private static final String[] PIECES = {
    "max-age",
    "s-maxage",
    "stale-if-error",
    "stale-while-revalidate",
    "no-store",
    "no-cache",
    "private",
    "public",
    "must-revalidate",
    "=",
    "\"",
    ",",
    " ",
    "-1",
    "60",
    "99999999999999999999"
  };

  private final Random random = new Random(20260101L);

  @Test
  void anyStringParsesWithoutThrowing() {
    for (int i = 0; i < 5000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        value.append(
            random.nextBoolean()
                ? PIECES[random.nextInt(PIECES.length)]
                : String.valueOf(ALPHABET.charAt(random.nextInt(ALPHABET.length()))));
      }
      String input = value.toString();
      CacheControl cc = CacheControl.parse(input);
      assertThat(cc.maxAge().orElse(Duration.ZERO).isNegative()).as(input).isFalse();
      assertThat(cc.staleIfError().orElse(Duration.ZERO).isNegative()).as(input).isFalse();
    }
  }

  @Test
  void maxAgeRoundTripsForEveryDeltaSeconds() {
    for (int i = 0; i < 2000; i++) {
      long seconds =
          i < 3
              ? new long[] {0, 1, 2_147_483_648L}[i]
              : Math.floorMod(random.nextLong(), 2_147_483_649L);
      String arg = random.nextBoolean() ? "\"" + seconds + "\"" : Long.toString(seconds);
      assertThat(CacheControl.parse("public, max-age=" + arg + ", x").maxAge())
          .as(arg)
          .contains(Duration.ofSeconds(seconds));
    }
  }

  @Test
  void theSmallerOfTwoValuesWins() {
    for (int i = 0; i < 2000; i++) {
      long a = random.nextInt(1_000_000);
      long b = random.nextInt(1_000_000);
      CacheControl cc =
          CacheControl.parse(
              "max-age=" + a + ",stale-if-error=" + b + ", max-age=" + b + ", stale-if-error=" + a);
      assertThat(cc.maxAge()).contains(Duration.ofSeconds(Math.min(a, b)));
      assertThat(cc.staleIfError()).contains(Duration.ofSeconds(Math.min(a, b)));
    }
  }

  @Test
  void negativeAndOversizedNumbersStaySane() {
    for (int i = 0; i < 2000; i++) {
      long n = random.nextLong();
      Duration expected = n < 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(n, 2_147_483_648L));
      assertThat(CacheControl.parse("max-age=" + n).maxAge()).as("%d", n).contains(expected);
    }
  }
}
