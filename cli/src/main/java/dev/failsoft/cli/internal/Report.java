package dev.failsoft.cli.internal;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.internal.Json;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints a {@link Diagnosis} for people (summary, evidence, causes, remedies, retry verdict) and
 * wraps it in the JSON envelope the commands share.
 */
final class Report {
  private Report() {}

  /** Prints the diagnosis as indented lines, the summary in bold. */
  static void print(PrintWriter out, Style style, Diagnosis d) {
    out.println(style.bold(d.summary()));
    out.println("  responder: " + d.responder().product() + " (" + d.responder().id() + ")");
    d.proxyStatus().ifPresent(p -> out.println("  proxy-status: " + p));
    for (Evidence e : d.evidence()) {
      out.println("  evidence: " + style.dim(e.toString()));
    }
    for (int i = 0; i < d.causes().size(); i++) {
      out.println("  cause " + (i + 1) + ": " + d.causes().get(i));
    }
    for (String r : d.remedies()) {
      out.println("  remedy: " + r);
    }
    String verdict = d.retryable() ? style.good("yes") : style.warn("no");
    out.println(
        "  retry: "
            + verdict
            + " — "
            + d.retryReason()
            + d.retryAfter().map(a -> " (Retry-After " + a.toSeconds() + " s)").orElse(""));
  }

  /**
   * Returns the JSON envelope: the fields {@code fields} writes, then {@code "failing"} and {@code
   * "diagnosis"} (the Diagnosis JSON, or null).
   */
  static String json(Consumer<Json.Writer> fields, boolean failing, Diagnosis d) {
    Json.Writer w = Json.object();
    fields.accept(w);
    w.field("failing", failing);
    String head = w.end();
    // Json.Writer cannot embed a rendered object, so splice the diagnosis before the final brace.
    return head.substring(0, head.length() - 1)
        + ",\"diagnosis\":"
        + (d == null ? "null" : d.toJson())
        + "}";
  }
}
