package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import org.junit.jupiter.api.Test;

class ConditionalsTest {
  private static final Headers STORED =
      Headers.of("ETag", "\"v1\"", "Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT");

  @Test
  void matchesIfNoneMatchByWeakComparison() {
    assertThat(Conditionals.notModified("\"v1\"", null, STORED)).isTrue();
    assertThat(Conditionals.notModified("W/\"v1\"", null, STORED)).isTrue();
    assertThat(Conditionals.notModified("\"v0\", \"v1\"", null, STORED)).isTrue();
    assertThat(Conditionals.notModified("*", null, STORED)).isTrue();
    assertThat(Conditionals.notModified("\"v2\"", null, STORED)).isFalse();
  }

  @Test
  void ignoresIfModifiedSinceWhenIfNoneMatchIsPresent() {
    assertThat(Conditionals.notModified("\"v2\"", "Thu, 22 Oct 2026 07:28:00 GMT", STORED))
        .isFalse();
  }

  @Test
  void comparesIfModifiedSinceWithLastModified() {
    assertThat(Conditionals.notModified(null, "Wed, 21 Oct 2026 07:28:00 GMT", STORED)).isTrue();
    assertThat(Conditionals.notModified(null, "Thu, 22 Oct 2026 07:28:00 GMT", STORED)).isTrue();
    assertThat(Conditionals.notModified(null, "Tue, 20 Oct 2026 07:28:00 GMT", STORED)).isFalse();
  }

  @Test
  void neverMatchesMalformedOrMissingValidators() {
    assertThat(Conditionals.notModified("v1", null, STORED)).isFalse();
    assertThat(Conditionals.notModified("\"", null, STORED)).isFalse();
    assertThat(Conditionals.notModified(",,,", null, STORED)).isFalse();
    assertThat(Conditionals.notModified("\"v1\"", null, Headers.empty())).isFalse();
    assertThat(Conditionals.notModified(null, "yesterday", STORED)).isFalse();
    assertThat(Conditionals.notModified(null, "Wed, 21 Oct 2026 07:28:00 GMT", Headers.empty()))
        .isFalse();
    assertThat(Conditionals.notModified(null, null, STORED)).isFalse();
    assertThat(Conditionals.notModified("\u0000\uffff", "\u0000", STORED)).isFalse();
  }
}
