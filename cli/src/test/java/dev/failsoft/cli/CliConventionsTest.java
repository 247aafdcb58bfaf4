package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliConventionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"demo", "gateway", "explain", "probe", "logs"})
  void everyCommandHasHelpWithExamplesAndExitCodes(String command) {
    Run r = Run.of(command, "--help");

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.out())
        .startsWith("Usage: failsoft " + command)
        .contains("--json", "--color", "Examples:", "Exit codes: 0 ")
        .doesNotContain("\u001b[");
  }

  @Test
  void theTopLevelHelpListsTheCommands() {
    Run r = Run.of("--help");

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.out()).contains("demo", "gateway", "explain", "probe", "logs", "Examples:");
  }

  @Test
  void noCommandOrAnUnknownOneIsAUsageError() {
    for (String[] args : new String[][] {{}, {"frobnicate"}, {"--nope"}}) {
      Run r = Run.of(args);
      assertThat(r.code()).isEqualTo(FailsoftCli.USAGE);
      assertThat(r.oneLineError()).as(r.err()).isTrue();
    }
  }

  @Test
  void coloursOnlyWhenAskedOffATerminal() {
    byte[] response = "HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\n\r\n".getBytes();

    assertThat(Run.withStdin(response, "explain").out()).doesNotContain("\u001b[");
    assertThat(Run.withStdin(response, "explain", "--color=always").out()).contains("\u001b[");
    assertThat(Run.withStdin(response, "explain", "--color=never").out()).doesNotContain("\u001b[");
  }

  @Test
  void thePublicEntryPointReturnsTheExitCode() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = FailsoftCli.run(new PrintWriter(out), new PrintWriter(err), "--version");

    assertThat(code).isEqualTo(FailsoftCli.OK);
    assertThat(out.toString()).startsWith("failsoft ");
  }
}
