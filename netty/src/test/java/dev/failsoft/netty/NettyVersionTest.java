package dev.failsoft.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;

/** Each surefire execution runs the tests on the Netty generation it names. */
class NettyVersionTest {
  @Test
  void runsOnTheNettyGenerationTheBuildAskedFor() {
    String expected = System.getProperty("failsoft.netty.expected", "");
    Version codec = Version.identify().get("netty-codec-http");

    assertThat(codec).isNotNull();
    assertThat(java.util.Objects.requireNonNull(codec).artifactVersion()).startsWith(expected);
  }
}
