package dev.failsoft.cli.internal;

import picocli.CommandLine.Option;

/** The options every subcommand takes: {@code --json} and {@code --color}. */
final class CommonOptions {
  /** When to colour output. */
  enum ColorWhen {
    auto,
    always,
    never
  }

  @Option(
      names = "--json",
      description = "Write JSON (the documented schema; field names match the Diagnosis JSON).")
  boolean json;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Colour output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE} "
              + "(only on a terminal, and never when NO_COLOR is set).")
  ColorWhen color = ColorWhen.auto;

  /** Returns the styles to print with, given where output goes. */
  Style style(Io io) {
    boolean on =
        switch (color) {
          case always -> true;
          case never -> false;
          case auto ->
              io.terminal()
                  && !json
                  && System.getenv("NO_COLOR") == null
                  && !"dumb".equals(System.getenv("TERM"));
        };
    return new Style(on);
  }
}
