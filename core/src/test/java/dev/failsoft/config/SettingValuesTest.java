package dev.failsoft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

  @Test
  void readsDurationsWithAUnitABareNumberOfSecondsOrIso8601() {
    assertThat(SettingValues.duration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(SettingValues.duration("d", " 30s ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(SettingValues.duration("d", "10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(SettingValues.duration("d", "10min")).isEqualTo(Duration.ofMinutes(10));
    assertThat(SettingValues.duration("d", "2H")).isEqualTo(Duration.ofHours(2));
    assertThat(SettingValues.duration("d", "1d")).isEqualTo(Duration.ofDays(1));
    assertThat(SettingValues.duration("d", "3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(SettingValues.duration("d", "0")).isZero();
    assertThat(SettingValues.duration("d", "PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThat(SettingValues.duration("d", "pt1m")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void refusesMalformedNegativeAndOverlongDurationsInOneLineNamingTheSetting() {
    for (String bad : new String[] {"soon", "", "-5s", "1.5s", "5 weeks", "99999999999999999d"}) {
      assertThatThrownBy(() -> SettingValues.duration("max-stale", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "max-stale: \""
                  + bad
                  + "\" (expected: a duration such as 500ms, 30s, 10m, 1h or 1d)");
    }
    assertThatThrownBy(() -> SettingValues.duration("max-stale", "PT-5S"))
        .hasMessage("max-stale: \"PT-5S\" (expected: >= 0)");
    assertThatThrownBy(() -> SettingValues.duration("timeout", "400d", Duration.ofDays(365)))
        .hasMessage("timeout: \"400d\" (expected: at most 365d)");
    assertThat(SettingValues.duration("timeout", "365d", Duration.ofDays(365)))
        .isEqualTo(Duration.ofDays(365));
  }

  @Test
  void readsSizesWithBinaryUnitsSpelledEveryWayTheCliAccepted() {
    long max = 1L << 40;
    assertThat(SettingValues.bytes("s", "65536", max)).isEqualTo(65536);
    assertThat(SettingValues.bytes("s", "65536B", max)).isEqualTo(65536);
    for (String kib : new String[] {"64K", "64KB", "64KiB", "64kib", " 64 KiB "}) {
      assertThat(SettingValues.bytes("s", kib, max)).as(kib).isEqualTo(64 << 10);
    }
    for (String mib : new String[] {"1M", "1MB", "1MiB"}) {
      assertThat(SettingValues.bytes("s", mib, max)).as(mib).isEqualTo(1 << 20);
    }
    for (String gib : new String[] {"1G", "1GB", "1GiB"}) {
      assertThat(SettingValues.bytes("s", gib, max)).as(gib).isEqualTo(1L << 30);
    }
    assertThat(SettingValues.bytes("s", "1024G", max)).isEqualTo(max);
  }

  @Test
  void refusesMalformedAndOversizedSizes() {
    for (String bad :
        new String[] {"lots", "-1", "1.5MiB", "1TiB", "KiB", "99999999999999999999"}) {
      assertThatThrownBy(() -> SettingValues.bytes("buffer-bytes", bad, Integer.MAX_VALUE))
          .as(bad)
          .hasMessage(
              "buffer-bytes: \""
                  + bad
                  + "\" (expected: a size such as 65536, 64KiB, 1MiB or 1GiB)");
    }
    assertThatThrownBy(() -> SettingValues.bytes("buffer-bytes", "5GiB", Integer.MAX_VALUE))
        .hasMessage("buffer-bytes: \"5GiB\" (expected: at most 2147483647 bytes)");
  }

  @Test
  void readsStatusListsInOrderAndRefusesWhatIsNotAStatus() {
    assertThat(SettingValues.statuses("failure-statuses", "504, 500,502"))
        .containsExactly(500, 502, 504);
    for (String bad : new String[] {"5xx", "", "502,", "50", "5020"}) {
      assertThatThrownBy(() -> SettingValues.statuses("failure-statuses", bad))
          .as(bad)
          .hasMessageStartingWith("failure-statuses: \"" + bad + "\" (expected: statuses");
    }
    assertThatThrownBy(() -> SettingValues.statuses("failure-statuses", "700"))
        .hasMessageContaining("from 100 to 599");
  }

  @Test
  void readsSwitchesCountsAndFractions() {
    assertThat(SettingValues.onOff("banner", "ON")).isTrue();
    assertThat(SettingValues.onOff("banner", "yes")).isTrue();
    assertThat(SettingValues.onOff("banner", "false")).isFalse();
    assertThatThrownBy(() -> SettingValues.onOff("breaker", "maybe"))
        .hasMessage("breaker: \"maybe\" (expected: on or off)");
    assertThat(SettingValues.count("window", " 20 ")).isEqualTo(20);
    assertThatThrownBy(() -> SettingValues.count("window", "99999999999"))
        .hasMessage("window: \"99999999999\" (expected: a whole number, such as 10)");
    assertThat(SettingValues.fraction("rate", "50%")).isEqualTo(0.5);
    assertThat(SettingValues.fraction("rate", "0.25")).isEqualTo(0.25);
    assertThat(SettingValues.fraction("rate", "1")).isEqualTo(1.0);
    for (String bad : new String[] {"150%", "0", "-0.5", "half"}) {
      assertThatThrownBy(() -> SettingValues.fraction("rate", bad))
          .as(bad)
          .hasMessageStartingWith("rate: \"" + bad + "\" (expected: a fraction above 0");
    }
  }

  @Test
  void splitsRuleListsOnSemicolonsAndNewLinesSkippingBlanks() {
    assertThat(SettingValues.entries(" /admin/* off;\n/news/* max-stale=10m ;;\r\n"))
        .containsExactly("/admin/* off", "/news/* max-stale=10m");
    assertThat(SettingValues.entries("  ")).isEmpty();
  }
}
