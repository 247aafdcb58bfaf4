package dev.failsoft.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StaleBannerTest {

  @Test
  void describesAgesInTheLargestWholeUnit() {
    assertThat(StaleBanner.describe(1)).isEqualTo("1 second");
    assertThat(StaleBanner.describe(59)).isEqualTo("59 seconds");
    assertThat(StaleBanner.describe(180)).isEqualTo("3 minutes");
    assertThat(StaleBanner.describe(3_600)).isEqualTo("1 hour");
    assertThat(StaleBanner.describe(200_000)).isEqualTo("2 days");
    assertThat(StaleBanner.describe(-5)).isEqualTo("0 seconds");
  }

  @Test
  void insertsAfterTheBodyTagOrAtTheStart() {
    String withBody = text(StaleBanner.insert(bytes("<HTML><BODY\nid=x>hi"), 60));
    String without = text(StaleBanner.insert(bytes("just text"), 60));
    String bodyless = text(StaleBanner.insert(bytes("<bodyguard>x"), 60));

    assertThat(withBody).startsWith("<HTML><BODY\nid=x><div role=\"status\"").endsWith("</div>hi");
    assertThat(without).startsWith("<div role=\"status\"").endsWith("</div>just text");
    assertThat(bodyless).startsWith("<div role=\"status\"");
  }

  @Test
  void survivesBinaryAndTruncatedHtml() {
    byte[] garbage = new byte[] {'<', 'b', 'o', 'd', 'y', ' ', (byte) 0xff, 0};
    assertThat(StaleBanner.insert(garbage, 1)).startsWith((byte) '<', (byte) 'd');
    assertThat(StaleBanner.insert(new byte[0], 1)).isNotEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
