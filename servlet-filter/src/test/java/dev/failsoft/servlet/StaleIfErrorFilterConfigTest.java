package dev.failsoft.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StaleIfErrorFilterConfigTest {

  @Test
  void parsesByteSizesWithBinaryUnits() {
    assertThat(StaleIfErrorFilter.parseBytes("buffer-bytes", "65536")).isEqualTo(65536);
    assertThat(StaleIfErrorFilter.parseBytes("buffer-bytes", "64KiB")).isEqualTo(65536);
    assertThat(StaleIfErrorFilter.parseBytes("buffer-bytes", " 2 MiB ")).isEqualTo(2 << 20);
  }

  @Test
  void rejectsAbsurdByteSizes() {
    assertThatThrownBy(() -> StaleIfErrorFilter.parseBytes("buffer-bytes", "-1"))
        .hasMessageStartingWith("buffer-bytes: \"-1\"");
    assertThatThrownBy(() -> StaleIfErrorFilter.parseBytes("buffer-bytes", "5GiB"))
        .hasMessageStartingWith("buffer-bytes:");
    assertThatThrownBy(() -> StaleIfErrorFilter.parseBytes("buffer-bytes", "lots"))
        .hasMessageStartingWith("buffer-bytes:");
    assertThatThrownBy(() -> StaleIfErrorFilter.parseBytes("buffer-bytes", "99999999999999999999"))
        .hasMessageStartingWith("buffer-bytes:");
  }

  @Test
  void validatesBuilderSettings() {
    assertThatThrownBy(() -> StaleIfErrorFilter.builder().bufferBytes(-1))
        .hasMessage("bufferBytes: -1 (expected: >= 0)");
    assertThatThrownBy(() -> StaleIfErrorFilter.builder().cacheName("two words"))
        .hasMessageContaining("expected: a token");
  }
}
