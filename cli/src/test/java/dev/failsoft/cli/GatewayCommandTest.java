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
}
