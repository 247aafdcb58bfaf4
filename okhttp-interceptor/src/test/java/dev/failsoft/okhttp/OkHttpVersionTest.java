package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class OkHttpVersionTest {

  @Test
  void runsAgainstTheOkHttpLineThisPassIsFor() throws Exception {
    // Read reflectively: OkHttp.VERSION is a compile-time constant and would be inlined as 5.x.
    String version = (String) Class.forName("okhttp3.OkHttp").getField("VERSION").get(null);
    String expected = System.getProperty("failsoft.expectedOkHttp", "5.");
    assertThat(version).startsWith(expected);
    assertThat(OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .contains(expected.startsWith("4.") ? "okhttp-" + expected : "okhttp-jvm-");
  }
}
