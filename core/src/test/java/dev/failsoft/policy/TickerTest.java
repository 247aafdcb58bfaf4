package dev.failsoft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TickerTest {

  @Test
  void aTickerFromAFixedClockMovesOnlyWithTheClock() {
    Clock start = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
    Ticker before = Ticker.fromClock(start);
    Ticker after = Ticker.fromClock(Clock.offset(start, Duration.ofMillis(1500)));
    assertThat(before.nanos()).isEqualTo(before.nanos());
    assertThat(after.nanos() - before.nanos()).isEqualTo(Duration.ofMillis(1500).toNanos());
  }

  @Test
  void aTickerFromASystemClockIsTheMonotonicSystemTicker() {
    Ticker utc = Ticker.fromClock(Clock.systemUTC());
    Ticker paris = Ticker.fromClock(Clock.system(ZoneId.of("Europe/Paris")));
    long a = utc.nanos();
    long b = paris.nanos();
    long c = System.nanoTime();
    // Both read System.nanoTime(), so they fall in order between readings of it.
    assertThat(a).isLessThanOrEqualTo(b);
    assertThat(b).isLessThanOrEqualTo(c);
  }
}
