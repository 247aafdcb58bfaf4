package dev.failsoft.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawHttpTest {

  @Test
  void splitsAResponseIntoStatusLineHeadersAndBody() {
    RawHttp.Response r =
        RawHttp.parse(
            "HTTP/1.1 504 Gateway Time-out\r\nServer: nginx\r\nX-A: 1\r\nX-A: 2\r\n\r\n<html>"
                .getBytes(ISO_8859_1));

    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 504 Gateway Time-out");
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.reason()).isEqualTo("Gateway Time-out");
    assertThat(r.headers().values("x-a")).containsExactly("1", "2");
    assertThat(r.bodyText()).isEqualTo("<html>");
    assertThat(r.head()).hasValueSatisfying(h -> assertThat(h.status()).isEqualTo(504));
  }

  @Test
  void treatsBytesWithoutAStatusLineAsAnHttp09BodyWithoutAHead() {
    byte[] garbage = "lskdjf@@ not http\u0001\r\n\r\n".getBytes(ISO_8859_1);

    RawHttp.Response r = RawHttp.parse(garbage);

    assertThat(r.status()).isEqualTo(-1);
    assertThat(r.statusLine()).isEmpty();
    assertThat(r.head()).isEmpty();
    assertThat(r.body()).isEqualTo(garbage);
  }

  @Test
  void survivesEmptyTruncatedAndAbsurdInput() {
    assertThat(RawHttp.parse(new byte[0]).head()).isEmpty();
    assertThat(RawHttp.parse("HTTP/1.1 502 Bad Gateway\r\nServer: x".getBytes(ISO_8859_1)).head())
        .isEmpty();
    assertThat(RawHttp.parse("HTTP/1.1 99999999999 X\r\n\r\n".getBytes(ISO_8859_1)).head())
        .isEmpty();
    assertThat(RawHttp.parse("HTTP/1.1 2x0 OK\r\n\r\n".getBytes(ISO_8859_1)).status())
        .isEqualTo(-1);
    RawHttp.Response noReason =
        RawHttp.parse("HTTP/1.1 503\r\nbad header line\r\n\u0000: v\r\n\r\n".getBytes(ISO_8859_1));
    assertThat(noReason.status()).isEqualTo(503);
    assertThat(noReason.reason()).isEmpty();
    assertThat(noReason.headers().isEmpty()).isTrue();
  }
}
