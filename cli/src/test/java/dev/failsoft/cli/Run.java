package dev.failsoft.cli;

import dev.failsoft.cli.internal.Cli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command with captured output. */
record Run(int code, String out, String err) {

  static Run of(String... args) {
    return withStdin(new byte[0], args);
  }

  static Run withStdin(byte[] stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.run(
            new ByteArrayInputStream(stdin),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            args);
    return new Run(code, out.toString(), err.toString());
  }

  /** True when stderr is one line with no stack trace. */
  boolean oneLineError() {
    String e = err.strip();
    return !e.isEmpty() && !e.contains("\n") && !e.contains("\tat ") && !e.contains("Exception:");
  }
}
