package dev.failsoft.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BannerTest {

  @Test
  void describesAgesInTheLargestWholeUnit() {
    assertThat(StaleResponder.Banner.describe(1)).isEqualTo("1 second");
    assertThat(StaleResponder.Banner.describe(59)).isEqualTo("59 seconds");
    assertThat(StaleResponder.Banner.describe(180)).isEqualTo("3 minutes");
    assertThat(StaleResponder.Banner.describe(3_600)).isEqualTo("1 hour");
    assertThat(StaleResponder.Banner.describe(200_000)).isEqualTo("2 days");
    assertThat(StaleResponder.Banner.describe(-5)).isEqualTo("0 seconds");
  }

  @Test
  void insertsAfterTheBodyTagOrAtTheStart() {
    String withBody = text(StaleResponder.Banner.insert(bytes("<HTML><BODY\nid=x>hi"), 60));
    String without = text(StaleResponder.Banner.insert(bytes("just text"), 60));
    String bodyless = text(StaleResponder.Banner.insert(bytes("<bodyguard>x"), 60));

    assertThat(withBody).startsWith("<HTML><BODY\nid=x><div role=\"status\"").endsWith("</div>hi");
    assertThat(without).startsWith("<div role=\"status\"").endsWith("</div>just text");
    assertThat(bodyless).startsWith("<div role=\"status\"");
  }

  @Test
  void survivesBinaryAndTruncatedHtml() {
    byte[] garbage = new byte[] {'<', 'b', 'o', 'd', 'y', ' ', (byte) 0xff, 0};
    assertThat(StaleResponder.Banner.insert(garbage, 1)).startsWith((byte) '<', (byte) 'd');
    assertThat(StaleResponder.Banner.insert(new byte[0], 1)).isNotEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
