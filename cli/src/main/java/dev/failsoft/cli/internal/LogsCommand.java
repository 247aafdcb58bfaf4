package dev.failsoft.cli.internal;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.logs.LogAnalyzer;
import dev.failsoft.diagnosis.logs.LogFinding;
import dev.failsoft.diagnosis.logs.LogFormats;
import dev.failsoft.diagnosis.logs.LogSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failsoft logs}: proxy logs in, upstream failures per line and a summary out. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Reads proxy logs and reports upstream failures: one line per failure (time, kind, "
          + "upstream, client, request), then a summary by cause and upstream with counts, "
          + "first and last seen, and the top remedies.",
      "Formats are detected line by line: nginx error.log, Apache error_log (mod_proxy AH "
          + "codes), HAProxy (termination states), Envoy/Istio access logs (response flags), "
          + "Heroku router (H codes), Traefik, Caddy, Varnish, Squid, PHP-FPM, Gunicorn and kernel "
          + "OOM kills. Files of any size are read in bounded memory; .gz files are read "
          + "directly.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  failsoft logs /var/log/nginx/error.log /var/log/nginx/error.log.2.gz",
      "  kubectl logs deploy/ingress | failsoft logs --summary",
      "  failsoft logs --json haproxy.log | jq -c 'select(.kind == \"connection_refused\")'",
      "",
      "Exit codes: 0 no upstream failure found, 1 failures found, 2 usage error or unreadable "
          + "file."
    })
final class LogsCommand implements Callable<Integer> {
  /** Inputs smaller than this finish before a progress bar would help. */
  private static final long PROGRESS_THRESHOLD = 8L << 20;

  private final Io io;

  @Mixin CommonOptions common;

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "Log files (plain or gzip); - for standard input. Default: -")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "ID",
      completionCandidates = FormatIds.class,
      description =
          "Read every line as this format instead of detecting it: " + "${COMPLETION-CANDIDATES}.")
  String format;

  @Option(names = "--summary", description = "Print only the summary, not each failure.")
  boolean summaryOnly;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "20",
      description = "Causes listed in the summary (JSON lists all). Default: ${DEFAULT-VALUE}")
  int top;

  /** The built-in format ids, for help and completion. */
  static final class FormatIds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return LogFormats.ids().iterator();
    }
  }

  LogsCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (top <= 0) {
      throw new BadInput("--top: " + top + " (expected: > 0)");
    }
    LogAnalyzer.Builder builder = LogAnalyzer.builder();
    if (format != null) {
      if (!LogFormats.ids().contains(format)) {
        throw new BadInput(
            "--format: unknown format '"
                + format
                + "' (expected one of: "
                + String.join(", ", LogFormats.ids())
                + ")");
      }
      builder.parser(LogFormats.parser(format));
    }
    List<String> names = files.isEmpty() ? List.of("-") : files;
    if (files.isEmpty() && io.terminal()) {
      io.err()
          .println(
              "reading log lines from standard input (end with Ctrl-D; "
                  + "see failsoft logs --help)");
    }
    Style style = common.style(io);
    PrintWriter out = io.out();
    Consumer<LogFinding> onFinding =
        common.json
            ? f -> out.println(f.toJson())
            : summaryOnly ? f -> {} : f -> out.println(line(style, f));
    LogSummary summary;
    try (LogInputs inputs = new LogInputs(names, io.in())) {
      ProgressBar bar = new ProgressBar(io.err());
      boolean showProgress =
          io.terminal() && !names.contains("-") && inputs.totalBytes() >= PROGRESS_THRESHOLD;
      if (showProgress) {
        builder.progress((read, total) -> bar.update(inputs.rawBytes(), inputs.totalBytes()));
      }
      try {
        summary = builder.build().analyze(inputs.stream(), onFinding);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } finally {
        bar.finish();
      }
    }
    if (common.json) {
      out.println(summary.toJson());
    } else {
      printSummary(out, style, summary);
    }
    return summary.failureLines() + summary.unrecognizedLines() > 0 ? Cli.FAILING : Cli.OK;
  }

  private static String line(Style style, LogFinding f) {
    String kind =
        f.kind() == FailureKind.UNKNOWN ? style.warn("unrecognized") : style.bad(f.kind().id());
    return f.time().map(Instant::toString).orElse("-")
        + "  "
        + kind
        + "  upstream="
        + f.upstream().orElse("-")
        + "  client="
        + f.client().orElse("-")
        + "  request="
        + f.request().map(r -> "\"" + r + "\"").orElse("-")
        + f.phase().map(Phase::id).map(p -> "  phase=" + p).orElse("")
        + "  ["
        + f.format()
        + "]";
  }

  private void printSummary(PrintWriter out, Style style, LogSummary s) {
    if (!summaryOnly && s.failureLines() + s.unrecognizedLines() > 0) {
      out.println();
    }
    out.println(
        style.bold("Summary")
            + ": "
            + s.lines()
            + " lines, "
            + s.failureLines()
            + " upstream failures, "
            + s.unrecognizedLines()
            + " unrecognized"
            + (s.formats().isEmpty() ? "" : " (formats: " + counts(s.formats()) + ")"));
    if (s.oversizedLines() > 0 || s.upstreamsFolded()) {
      out.println(
          "  note: "
              + s.oversizedLines()
              + " oversized lines read in part"
              + (s.upstreamsFolded()
                  ? "; rare upstreams folded into " + LogSummary.OTHER_UPSTREAMS
                  : ""));
    }
    if (s.causes().isEmpty()) {
      out.println(style.good("no upstream failure found"));
      return;
    }
    out.println();
    out.printf(
        "  %7s  %-28s %-24s %-10s %-20s %-20s%n",
        "COUNT", "KIND", "UPSTREAM", "RESPONDER", "FIRST SEEN", "LAST SEEN");
    int shown = 0;
    for (LogSummary.Cause c : s.causes()) {
      if (shown++ == top) {
        out.println("  … " + (s.causes().size() - top) + " more (use --top or --json)");
        break;
      }
      out.printf(
          "  %7d  %-28s %-24s %-10s %-20s %-20s%n",
          c.count(),
          c.kind().id(),
          c.upstream(),
          c.responder().id(),
          time(c.firstSeen()),
          time(c.lastSeen()));
    }
    if (!s.remedies().isEmpty()) {
      out.println();
      out.println(style.bold("Top remedies"));
      Set<FailureKind> printed = EnumSet.noneOf(FailureKind.class);
      for (LogSummary.Cause c : s.causes()) {
        List<String> remedies = s.remedies().get(c.kind());
        if (remedies == null || remedies.isEmpty() || !printed.add(c.kind())) {
          continue;
        }
        out.println("  " + c.kind().id() + ":");
        for (String r : remedies) {
          out.println("    - " + r);
        }
      }
    }
  }

  private static String time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse("-");
  }

  private static String counts(Map<String, Long> m) {
    StringBuilder b = new StringBuilder();
    m.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                b.append(b.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue()));
    return b.toString();
  }
}
