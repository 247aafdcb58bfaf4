package dev.failsoft.cli;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cli.internal.Cli;
import java.io.PrintWriter;

/**
 * The {@code failsoft} command: {@code demo}, {@code gateway}, {@code explain}, {@code probe} and
 * {@code logs}. {@link #main(String[])} runs it and exits the JVM with its code; {@link
 * #run(PrintWriter, PrintWriter, String...)} runs it in-process and returns the code, for tests and
 * for tools that embed the command.
 *
 * <p>Exit codes, the same for every subcommand: {@value #OK} when what was examined is fine,
 * {@value #FAILING} when it is failing (a failure response, a probe that failed, failures in the
 * logs), {@value #USAGE} on a usage error or input that cannot be read (one line on stderr, never a
 * stack trace). Each call is independent; the class holds no state.
 */
public final class FailsoftCli {
  /** Exit code: what was examined is fine. */
  public static final int OK = 0;

  /** Exit code: what was examined is failing. */
  public static final int FAILING = 1;

  /** Exit code: a usage error or unreadable input. */
  public static final int USAGE = 2;

  private FailsoftCli() {}

  /** Runs the command with the process's streams and exits with its code. */
  public static void main(String[] args) {
    boolean terminal = System.console() != null;
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = Cli.run(out, err, terminal, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command with {@code out} and {@code err} as its output, as if not on a terminal (no
   * colours, no progress bar), and returns its exit code. Standard input is the process's own.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    requireNonNull(args, "args");
    int code = Cli.run(out, err, false, args);
    out.flush();
    err.flush();
    return code;
  }
}
