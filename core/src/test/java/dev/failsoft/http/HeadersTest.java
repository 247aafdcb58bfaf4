package dev.failsoft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void looksUpNamesCaseInsensitivelyButKeepsTheirCase() {
    Headers h = Headers.of("Content-Type", "text/html", "ETAG", "\"v1\"");

    assertThat(h.first("content-type")).contains("text/html");
    assertThat(h.first("etag")).contains("\"v1\"");
    assertThat(h.contains("CONTENT-TYPE")).isTrue();
    assertThat(h.name(1)).isEqualTo("ETAG");
    assertThat(h.names()).containsExactly("Content-Type", "ETAG");
  }

  @Test
  void keepsEveryValueOfARepeatedNameInOrder() {
    Headers h =
        Headers.builder()
            .add("Cache-Control", "no-cache")
            .add("Via", "1.1 a")
            .add("cache-control", "max-age=0")
            .add("Via", "1.1 b")
            .build();

    assertThat(h.values("CACHE-CONTROL")).containsExactly("no-cache", "max-age=0");
    assertThat(h.first("Cache-Control")).contains("no-cache");
    assertThat(h.last("Cache-Control")).contains("max-age=0");
    assertThat(h.combined("via")).contains("1.1 a, 1.1 b");
    assertThat(h.size()).isEqualTo(4);
    assertThat(h)
        .extracting(Headers.Field::name)
        .containsExactly("Cache-Control", "Via", "cache-control", "Via");
    assertThat(h.toMultimap())
        .containsExactly(
            Map.entry("cache-control", List.of("no-cache", "max-age=0")),
            Map.entry("via", List.of("1.1 a", "1.1 b")));
  }

  @Test
  void absentNamesGiveEmptyResults() {
    Headers h = Headers.of("A", "1");

    assertThat(h.first("B")).isEmpty();
    assertThat(h.last("B")).isEmpty();
    assertThat(h.values("B")).isEmpty();
    assertThat(h.combined("B")).isEmpty();
    assertThat(h.without("B")).isSameAs(h);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose, to see it refused
  void addRejectsHeaderInjectionAndBadNames() {
    Headers.Builder b = Headers.builder();

    assertThatThrownBy(() -> b.add("X-Evil", "a\r\nSet-Cookie: s=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> b.add("X-Evil", "a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.add("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: a token");
    assertThatThrownBy(() -> b.add("", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.add("Bad\nName", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> b.add(null, "v")).isInstanceOf(NullPointerException.class);
    assertThat(b.build().isEmpty()).isTrue();
  }

  @Test
  void addLenientDropsMalformedFieldsAndKeepsGoodOnes() {
    Headers.Builder b = Headers.builder();

    assertThat(b.addLenient("X-Evil", "a\r\nSet-Cookie: s=1")).isFalse();
    assertThat(b.addLenient("Bad Name", "v")).isFalse();
    assertThat(b.addLenient(null, "v")).isFalse();
    assertThat(b.addLenient("X-Ok", null)).isFalse();
    assertThat(b.addLenient("X-Ok", "  padded\t")).isTrue();

    assertThat(b.build()).containsExactly(new Headers.Field("X-Ok", "padded"));
  }

  @Test
  void setReplacesEveryValueAndARejectedSetLeavesTheBuilderUnchanged() {
    Headers.Builder b = Headers.builder().add("A", "1").add("a", "2").add("B", "3");

    b.set("A", "9");
    assertThatThrownBy(() -> b.set("B", "x\ny")).isInstanceOf(IllegalArgumentException.class);

    assertThat(b.build()).containsExactly(new Headers.Field("B", "3"), new Headers.Field("A", "9"));
  }

  @Test
  void ofRejectsAnOddCount() {
    assertThatThrownBy(() -> Headers.of("A"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namesAndValues: 1 strings (expected: an even count)");
  }

  @Test
  void isImmutableThroughItsBuilders() {
    Headers.Builder b = Headers.builder().add("A", "1");
    Headers first = b.build();
    b.add("B", "2");
    Headers withC = first.with("C", "3");

    assertThat(first.size()).isEqualTo(1);
    assertThat(withC.size()).isEqualTo(2);
    assertThat(first.toBuilder().removeAll("a").build()).isEqualTo(Headers.empty());
    assertThat(first.size()).isEqualTo(1);
  }

  @Test
  void equalsComparesNamesCaseInsensitivelyValuesExactlyAndOrder() {
    Headers a = Headers.of("Content-Type", "text/html", "Vary", "Accept");
    Headers b = Headers.of("content-type", "text/html", "VARY", "Accept");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Headers.of("Content-Type", "TEXT/HTML", "Vary", "Accept"));
    assertThat(a).isNotEqualTo(Headers.of("Vary", "Accept", "Content-Type", "text/html"));
    assertThat(a).isNotEqualTo(Headers.of("Content-Type", "text/html"));
    assertThat(a).isNotEqualTo("Content-Type: text/html");
  }

  @Test
  void indexAccessOutOfRangeSaysTheRange() {
    assertThatThrownBy(() -> Headers.of("A", "1").name(1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index: 1 (expected: 0..0)");
  }
}
