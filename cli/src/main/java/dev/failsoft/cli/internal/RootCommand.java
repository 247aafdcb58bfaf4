package dev.failsoft.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code failsoft} command itself: it only dispatches to a subcommand. */
@Command(
    name = "failsoft",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    subcommands = {
      DemoCommand.class,
      GatewayCommand.class,
      ExplainCommand.class,
      ProbeCommand.class,
      LogsCommand.class
    },
    description = {
      "Diagnoses upstream failures (why a 502 happened, which hop produced it), "
          + "retries safely and serves stale pages on error.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  failsoft demo                          the whole story on loopback, in 10 s",
      "  failsoft gateway --listen 127.0.0.1:8080 --upstream http://127.0.0.1:3000",
      "  failsoft explain saved-502.http        why did this response fail?",
      "  failsoft probe https://api.example.com/health",
      "  failsoft logs /var/log/nginx/error.log*",
      "",
      "Exit codes: 0 fine, 1 what was examined is failing, 2 usage error or unreadable input."
    })
final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  RootCommand(Io io) {
    // the streams reach the subcommands through the factory
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
