package dev.failsoft.diagnosis.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property: no string makes any parser throw. Lines are drawn at random (seeded, so a failure
 * reproduces) and, more to the point, derived from the real fixture lines: every prefix of every
 * line, and lines with a random stretch replaced by the characters the scanners key on.
 */
class LogParserRobustnessTest {
  private static final long SEED = 0x5eed_1095L;
  private static final String TRICKY = "[]\"():/,-*#=|{}. 0123456789 \t\r\u0000\uD800\uDC00\uFFFF";

  private final List<LogParser> parsers = parsers();

  @Test
  void noPrefixOfAnyFixtureLineMakesAParserThrow() {
    int parsed = 0;
    for (String line : fixtureLines()) {
      for (int end = 0; end <= line.length(); end++) {
        parsed += parseWithAll(line.substring(0, end));
      }
    }
    assertThat(parsed).isGreaterThan(1000); // prefixes long enough to classify do classify
  }

  @Test
  void fixtureLinesWithRandomDamageNeverMakeAParserThrow() {
    Random random = new Random(SEED);
    List<String> lines = fixtureLines();
    for (int round = 0; round < 10_000; round++) {
      String line = lines.get(random.nextInt(lines.size()));
      int from = random.nextInt(line.length() + 1);
      int to = Math.min(line.length(), from + random.nextInt(12));
      String damaged =
          line.substring(0, from) + noise(random, random.nextInt(8)) + line.substring(to);
      parseWithAll(damaged);
    }
  }

  @Test
  void randomStringsNeverMakeAParserThrow() {
    Random random = new Random(SEED + 1);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        s.append(
            random.nextInt(4) == 0
                ? (char) random.nextInt(0x10000)
                : TRICKY.charAt(random.nextInt(TRICKY.length())));
      }
      parseWithAll(s.toString());
    }
  }

  @Test
  void degenerateLinesYieldNothing() {
    for (String line :
        List.of(
            "",
            " ",
            "[",
            "[]",
            "\"",
            "-",
            "--  FetchError",
            "<1>",
            "May  1 10:00:03 h t: ",
            "2024/05/01 10:00:00 [error]",
            "[Wed May 01",
            "x".repeat(70_000))) {
      for (LogParser parser : parsers) {
        assertThatCode(() -> parser.parse(line)).doesNotThrowAnyException();
      }
      assertThat(LogFormats.autoDetect(Fixtures.CLOCK).parse(line)).as(line).isEmpty();
    }
  }

  /** Parses with every parser, renders any finding, and returns how many findings there were. */
  private int parseWithAll(String line) {
    int found = 0;
    for (LogParser parser : parsers) {
      Optional<LogFinding> f;
      try {
        f = parser.parse(line);
      } catch (RuntimeException e) {
        throw new AssertionError("parser threw on " + escape(line), e);
      }
      if (f.isPresent()) {
        found++;
        assertThat(f.get().toJson()).startsWith("{").endsWith("}");
      }
    }
    return found;
  }

  private static String noise(Random random, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(TRICKY.charAt(random.nextInt(TRICKY.length())));
    }
    return s.toString();
  }

  private static List<LogParser> parsers() {
    List<LogParser> all = new ArrayList<>();
    for (String id : LogFormats.ids()) {
      all.add(LogFormats.parser(id, Fixtures.CLOCK));
    }
    all.add(LogFormats.autoDetect(Fixtures.CLOCK));
    return all;
  }

  private static List<String> fixtureLines() {
    return Stream.concat(Fixtures.FILES.stream().map(f -> f.get(0)), Stream.of("non-failures.log"))
        .flatMap(f -> Fixtures.lines(f).stream())
        .toList();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }
}
