package dev.failsoft.cli.internal;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/**
 * Wires the subcommands into picocli with the shared conventions: exit codes 0/1/2, one-line errors
 * on stderr (never a stack trace), colours in help only on a terminal.
 */
public final class Cli {
  /** Exit code: fine. */
  static final int OK = 0;

  /** Exit code: what was examined is failing. */
  static final int FAILING = 1;

  /** Exit code: usage error or unreadable input. */
  static final int USAGE = 2;

  private Cli() {}

  /** Runs the command reading {@code System.in}; see {@link #run(Io, String...)}. */
  public static int run(PrintWriter out, PrintWriter err, boolean terminal, String... args) {
    return run(new Io(System.in, out, err, terminal), args);
  }

  /** Runs the command with the given streams and returns its exit code. */
  public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
    return run(new Io(in, out, err, false), args);
  }

  /** Runs the command with the given streams and returns its exit code. Never throws. */
  public static int run(Io io, String... args) {
    CommandLine cl = commandLine(io);
    try {
      return cl.execute(args);
    } catch (RuntimeException e) {
      // picocli reports its own failures through the handlers; this is the last resort.
      io.err().println("failsoft: " + oneLine(e));
      return USAGE;
    } finally {
      io.out().flush();
      io.err().flush();
    }
  }

  static CommandLine commandLine(Io io) {
    IFactory defaults = CommandLine.defaultFactory();
    IFactory factory =
        new IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            try {
              return cls.getDeclaredConstructor(Io.class).newInstance(io);
            } catch (NoSuchMethodException e) {
              return defaults.create(cls);
            }
          }
        };
    CommandLine cl = new CommandLine(new RootCommand(io), factory);
    cl.setOut(io.out());
    cl.setErr(io.err());
    cl.setColorScheme(
        CommandLine.Help.defaultColorScheme(
            io.terminal() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
    cl.setUsageHelpAutoWidth(io.terminal());
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e));
          return USAGE;
        });
    return cl;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    cmd.getErr().println(name + ": " + oneLine(e) + " (see: " + name + " --help)");
    return USAGE;
  }

  /** Returns a one-line message for an exception: its message, or its type when it has none. */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    } else if (!(e instanceof BadInput || e instanceof ParameterException)) {
      // an I/O exception's message alone ("foo.log") does not say what went wrong
      m = describe(e) + m;
    }
    return m.replace('\r', ' ').replace('\n', ' ').strip();
  }

  private static String describe(Throwable e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: ";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: ";
    }
    if (e instanceof java.io.IOException) {
      return "cannot read input: ";
    }
    return e.getClass().getSimpleName() + ": ";
  }
}
