package dev.failsoft.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntaxTest {

  @Test
  void tokenCharsAreExactlyTheRfc9110TcharsOverEveryChar() {
    // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
    // "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    String specials = "!#$%&'*+-.^_`|~";
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      boolean expected =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || specials.indexOf(c) >= 0;
      assertThat(Syntax.isTokenChar((char) c)).as("char %d", c).isEqualTo(expected);
    }
  }

  @Test
  void nameComparisonIgnoresAsciiCaseOnly() {
    assertThat(Syntax.is("x, MAX-Age=1", 3, 10, "max-age")).isTrue();
    assertThat(Syntax.is("max-age", 0, 7, "max-age")).isTrue();
    assertThat(Syntax.is("max_age", 0, 7, "max-age")).isFalse();
    assertThat(Syntax.is("max-ag", 0, 6, "max-age")).isFalse();
    // U+212A KELVIN SIGN lower-cases to 'k' in Unicode, but is no ASCII letter.
    assertThat(Syntax.is("\u212Aey", 0, 3, "key")).isFalse();
    // Characters that differ from a wanted letter by 0x20 without being letters do not match.
    assertThat(Syntax.is("\r", 0, 1, "-")).isFalse();
    assertThat(Syntax.is("@", 0, 1, "`")).isFalse();
  }

  @Test
  void nameComparisonRejectsRangesOutsideTheString() {
    assertThat(Syntax.is("age", -1, 2, "age")).isFalse();
    assertThat(Syntax.is("ag", 0, 3, "age")).isFalse();
    assertThat(Syntax.is("age", 2, 1, "age")).isFalse();
  }

  @Test
  void deltaSecondsSaturatesAndRejectsNonDigits() {
    assertThat(Syntax.deltaSeconds("60")).isEqualTo(60);
    assertThat(Syntax.deltaSeconds(" \t60 ")).isEqualTo(60);
    assertThat(Syntax.deltaSeconds("99999999999999999999999")).isEqualTo(Syntax.DELTA_SECONDS_MAX);
    assertThat(Syntax.deltaSeconds("2147483648")).isEqualTo(Syntax.DELTA_SECONDS_MAX);
    assertThat(Syntax.deltaSeconds("2147483647")).isEqualTo(2_147_483_647L);
    assertThat(Syntax.deltaSeconds("-1")).isEqualTo(Syntax.INVALID);
    assertThat(Syntax.deltaSeconds("1e3")).isEqualTo(Syntax.INVALID);
    assertThat(Syntax.deltaSeconds("")).isEqualTo(Syntax.INVALID);
    assertThat(Syntax.deltaSeconds("\u0661")).isEqualTo(Syntax.INVALID);
  }
}
