package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.cache.CaffeineStaleStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaleIfErrorFilterSpecTest {

  @Test
  void refusesEachMalformedSettingInOneLineNamingItAndWhatItExpects() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("max-stale", "soon"),
            Map.entry("soft-deadline", "-2s"),
            Map.entry("failure-statuses", "5xx"),
            Map.entry("breaker", "maybe"),
            Map.entry("buffer-bytes", "lots"),
            Map.entry("store-bytes", "3GiB"),
            Map.entry("banner", "sometimes"),
            Map.entry("cache-name", "two words"),
            Map.entry("cache-status-detail", "2"),
            Map.entry("breaker-window", "many"),
            Map.entry("breaker-failure-rate", "150%"));
    for (Map.Entry<String, String> setting : bad.entrySet()) {
      assertThatThrownBy(
              () -> StaleIfErrorFilterSpec.parse(Map.of(setting.getKey(), setting.getValue())))
          .as(setting.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(setting.getKey() + ": \"" + setting.getValue() + "\" (expected: ")
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(
            () -> StaleIfErrorFilterSpec.parse(Map.of("routes", "/a/* off; /b max-stale=soon")))
        .hasMessageStartingWith("max-stale: \"soon\" (expected: a duration");
  }

  @Test
  void ignoresNamesItDoesNotKnowAndBlankValues() {
    Map<String, String> settings = new HashMap<>();
    settings.put("org.eclipse.jetty.something", "x");
    settings.put("max-stale", "  ");
    settings.put("banner", null);

    StaleIfErrorFilterSpec spec = StaleIfErrorFilterSpec.parse(settings);

    assertThat(spec.fallbackPage()).isEmpty();
    assertThat(spec.toString()).isEqualTo("StaleIfErrorFilterSpec{org.eclipse.jetty.something=x}");
    spec.toBuilder().build().destroy();
  }

  @Test
  void readsSizesInEveryFormTheCommandLineTakes() {
    for (String size : new String[] {"65536", "64K", "64KB", "64KiB", "64 kib"}) {
      StaleIfErrorFilterSpec.parse(Map.of("buffer-bytes", size)).toBuilder().build().destroy();
      assertThat(StaleIfErrorFilterSpec.parseBytes("buffer-bytes", size)).as(size).isEqualTo(65536);
    }
    assertThat(StaleIfErrorFilterSpec.parseBytes("store-bytes", "1G")).isEqualTo(1 << 30);
  }

  @Test
  void keepsTheFallbackPagePathForTheFilterToRead() {
    StaleIfErrorFilterSpec spec =
        StaleIfErrorFilterSpec.parse(Map.of("fallback-page", " /WEB-INF/down.html "));
    assertThat(spec.fallbackPage()).contains("/WEB-INF/down.html");
  }

  @Test
  void eachBuilderIsNewAndAStoreSizeReadFromTextStillConflictsWithAStore() {
    StaleIfErrorFilterSpec spec =
        StaleIfErrorFilterSpec.parse(Map.of("store-bytes", "16MiB", "max-stale", "10m"));
    assertThat(spec.toBuilder()).isNotSameAs(spec.toBuilder());
    StaleIfErrorFilter.Builder withStore =
        spec.toBuilder().store(CaffeineStaleStore.builder().build());
    assertThatThrownBy(withStore::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("storeBytes: 16777216 (expected: not set together with store(");
    spec.toBuilder().build().destroy();
  }
}
