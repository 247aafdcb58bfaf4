package dev.failsoft.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDateTest {

  private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void readsTheThreeFormsOfRfc9110Section567() {
    // The examples of RFC 9110 §5.6.7, all the same instant.
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(EXAMPLE);
    assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).contains(EXAMPLE);
    assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994", NOW)).contains(EXAMPLE);
  }

  @Test
  void toleratesSurroundingWhiteSpaceAndAnUncheckedDayName() {
    // RFC 9110 §5.6.7 lets a recipient ignore a day name that disagrees with the date.
    assertThat(HttpDate.parse("  Mon, 06 Nov 1994 08:49:37 GMT\t", NOW)).contains(EXAMPLE);
    assertThat(HttpDate.parse("Sun Nov 06 08:49:37 1994", NOW)).contains(EXAMPLE);
  }

  @Test
  void readsATwoDigitYearMoreThanFiftyYearsAheadAsThePastCentury() {
    assertThat(HttpDate.parse("Friday, 01-Jan-99 00:00:00 GMT", NOW))
        .contains(Instant.parse("1999-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Friday, 01-Jan-76 00:00:00 GMT", NOW))
        .contains(Instant.parse("2076-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Friday, 01-Jan-77 00:00:00 GMT", NOW))
        .contains(Instant.parse("1977-01-01T00:00:00Z"));
    assertThat(HttpDate.parse("Friday, 01-Jan-26 00:00:00 GMT", NOW))
        .contains(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void readsALeapSecondAsTheNextSecond() {
    assertThat(HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT", NOW))
        .contains(Instant.parse("2017-01-01T00:00:00Z"));
  }

  @Test
  void rejectsOutOfRangeFields() {
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 24:00:00 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:60:00 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:61 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 31 Feb 1994 08:49:37 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 00 Nov 1994 08:49:37 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Foo 1994 08:49:37 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 nov 1994 08:49:37 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun Nov 32 08:49:37 1994", NOW)).isEmpty();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose, to see it refused
  void refusesANullValueNamingIt() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> HttpDate.parse(null, NOW))
        .withMessage("value");
  }

  @Test
  void rejectsGarbageWithoutThrowing() {
    assertThat(HttpDate.parse("", NOW)).isEmpty();
    assertThat(HttpDate.parse("0", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 UTC", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Nov 19a4 08:49:37 GMT", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT,,", NOW)).isEmpty();
    assertThat(HttpDate.parse(",,,,,,,,", NOW)).isEmpty();
    assertThat(HttpDate.parse("\u0000\u0001\uffff", NOW)).isEmpty();
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", Instant.MAX)).contains(EXAMPLE);
    assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", Instant.MAX)).isEmpty();
  }

  @Test
  void rejectsInputOfSixtyFiveCharactersOrMore() {
    String padded = "Sun, 06 Nov 1994 08:49:37 GMT" + "x".repeat(36);

    assertThat(padded).hasSize(65);
    assertThat(HttpDate.parse(padded, NOW)).isEmpty();
    assertThat(HttpDate.parse("x".repeat(1_000_000), NOW)).isEmpty();
  }

  @Test
  void formatsAsImfFixdate() {
    assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.format(EXAMPLE.plusMillis(999))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.format(Instant.parse("0099-01-01T00:00:00Z")))
        .isEqualTo("Thu, 01 Jan 0099 00:00:00 GMT");
  }

  @Test
  void clampsInstantsAFourDigitYearCannotHold() {
    assertThat(HttpDate.format(Instant.MAX)).isEqualTo("Fri, 31 Dec 9999 23:59:59 GMT");
    assertThat(HttpDate.format(Instant.MIN)).endsWith(" 0000 00:00:00 GMT");
  }
}
