package dev.failsoft.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FramingTest {

  @Test
  void acceptsOneLengthOrRepeatedIdenticalLengths() {
    assertThat(Framing.error(Headers.of("Content-Length", "5"))).isEmpty();
    assertThat(Framing.error(Headers.of("Content-Length", "5", "Content-Length", "5"))).isEmpty();
    assertThat(Framing.error(Headers.of("Content-Length", "5 , 5"))).isEmpty();
    assertThat(Framing.error(Headers.of("Transfer-Encoding", "chunked"))).isEmpty();
    assertThat(Framing.error(Headers.empty())).isEmpty();
  }

  @Test
  void rejectsConflictingLengths() {
    assertThat(Framing.error(Headers.of("Content-Length", "5", "Content-Length", "7")))
        .contains("Content-Length: 5, 7 (expected: one non-negative decimal length)");
    assertThat(Framing.error(Headers.of("Content-Length", "5,7"))).isPresent();
  }

  @Test
  void rejectsNegativeEmptyOrNonDecimalLengths() {
    assertThat(Framing.error(Headers.of("Content-Length", "-5")))
        .contains("Content-Length: -5 (expected: one non-negative decimal length)");
    assertThat(Framing.error(Headers.of("Content-Length", ""))).isPresent();
    assertThat(Framing.error(Headers.of("Content-Length", "0x10"))).isPresent();
    assertThat(Framing.error(Headers.of("Content-Length", "99999999999999999999999"))).isPresent();
  }

  @Test
  void rejectsContentLengthWithTransferEncoding() {
    assertThat(Framing.error(Headers.of("Content-Length", "5", "Transfer-Encoding", "chunked")))
        .contains("Content-Length: 5 with Transfer-Encoding: chunked (expected: one of the two)");
  }
}
