package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class GatewayCommandTest {
  @Test
  void badOptionsAreOneLineUsageErrors() {
    for (String[] args :
        new String[][] {
          {"gateway", "--upstream", "http://127.0.0.1:1"},
          {"gateway", "--listen", "127.0.0.1:0"},
          {"gateway", "--listen", "nowhere", "--upstream", "http://127.0.0.1:1"},
          {"gateway", "--listen", "127.0.0.1:70000", "--upstream", "http://127.0.0.1:1"},
          {"gateway", "--listen", "127.0.0.1:0", "--upstream", "ftp://x"},
          {"gateway", "--listen", "127.0.0.1:0", "--upstream", "http://a", "--breaker", "maybe"},
          {
            "gateway",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://a",
            "--failure-statuses",
            "200"
          },
          {"gateway", "--listen", "127.0.0.1:0", "--upstream", "http://a", "--max-stale", "x"},
          {"gateway", "--listen", "127.0.0.1:0", "--upstream", "http://a", "--engine", "tomcat"},
          {"gateway", "--listen", "127.0.0.1:0", "--upstream", "http://a", "--max-attempts", "0"},
          {"gateway", "--listen", "127.0.0.1:0", "--upstream", "http://a", "--cache-size", "lots"},
          {
            "gateway",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://a",
            "--cache-size",
            "9GiB",
            "--cache-entry-size",
            "4GiB"
          },
          {
            "gateway",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://a",
            "--breaker-failures",
            "0"
          }
        }) {
      Run r = Run.of(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(FailsoftCli.USAGE);
      assertThat(r.oneLineError()).as(r.err()).isTrue();
    }
  }

  @Test
  void anAddressInUseIsAOneLineError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run r =
          Run.of(
              "gateway",
              "--listen",
              "127.0.0.1:" + taken.getLocalPort(),
              "--upstream",
              "http://127.0.0.1:1");

      assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
      assertThat(r.err()).startsWith("failsoft gateway: cannot listen on 127.0.0.1:");
      assertThat(r.oneLineError()).as(r.err()).isTrue();
    }
  }

  @Test
  void aStoreThatCannotBeOpenedIsAOneLineErrorThatNeverRepeatsAPassword() {
    Run unknown =
        Run.of(
            "gateway", "--listen", "127.0.0.1:0", "--upstream", "http://a", "--store", "mem://x");
    Run unsigned =
        Run.of(
            "gateway",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://a",
            "--store",
            "redis://user:s3cret@127.0.0.1:1/0");

    assertThat(unknown.code()).isEqualTo(FailsoftCli.USAGE);
    assertThat(unknown.err()).startsWith("failsoft gateway: --store: ").contains("mem");
    assertThat(unknown.oneLineError()).as(unknown.err()).isTrue();
    // The Redis module is on the command's class path: it answers, and refuses to run unsigned.
    assertThat(unsigned.code()).isEqualTo(FailsoftCli.USAGE);
    assertThat(unsigned.err()).contains("--store: ").contains("key").doesNotContain("s3cret");
    assertThat(unsigned.oneLineError()).as(unsigned.err()).isTrue();
  }
}
