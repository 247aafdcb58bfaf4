package dev.failsoft.cli.internal;

import dev.failsoft.http.Headers;
import dev.failsoft.internal.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failsoft probe URL}: walks one exchange phase by phase and diagnoses where it fails. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Walks name lookup, TCP connect, TLS handshake and the HTTP/1.1 exchange with URL, "
          + "printing each phase's time (like curl -w), stops at the phase that fails and "
          + "prints the diagnosis with remedies. A 5xx or 429 answer is diagnosed too.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  failsoft probe https://shop.example.com/",
      "  failsoft probe --timeout 2s -H 'Accept: application/json' http://10.0.0.5:8080/health",
      "  failsoft probe --json http://localhost:8080/ | jq .diagnosis.kind",
      "",
      "Exit codes: 0 the exchange worked, 1 a phase failed or the answer was a failure, "
          + "2 usage error (a bad URL, option or header)."
    })
final class ProbeCommand implements Callable<Integer> {
  private final Io io;

  @Mixin CommonOptions common;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "An http:// or https:// URL; a URL without a scheme is read as http://.")
  String url;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Durations.class,
      description = "Longest wait in each phase (500ms, 2s, 1m). Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Option(
      names = {"-X", "--method"},
      paramLabel = "METHOD",
      defaultValue = "GET",
      description = "The request method. Default: ${DEFAULT-VALUE}")
  String method;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description = "An extra request header; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = {"-k", "--insecure"},
      description = "Do not verify the server's certificate (still reports the handshake).")
  boolean insecure;

  ProbeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    URI uri = parseUrl(url);
    String verb = method.toUpperCase(Locale.ROOT);
    if (!Headers.isValidName(verb)) {
      throw new BadInput("method '" + method + "' is not an HTTP method token");
    }
    Prober.Result r = new Prober(timeout, verb, parseHeaders(headers), insecure).probe(uri);
    if (common.json) {
      io.out().println(Report.json(w -> json(w, r), r.failing(), r.diagnosis().orElse(null)));
    } else {
      print(io.out(), common.style(io), r);
    }
    return r.failing() ? Cli.FAILING : Cli.OK;
  }

  private static void json(Json.Writer w, Prober.Result r) {
    w.field("url", r.uri().toString());
    w.name("phases").beginArray();
    for (Prober.Step s : r.steps()) {
      w.beginObject()
          .field("phase", s.name())
          .field("ms", millis(s.nanos()))
          .field("ok", s.ok())
          .field("detail", s.detail())
          .endObject();
    }
    w.endArray();
    w.field("totalMs", millis(r.totalNanos()));
    w.field("status", r.head().map(h -> (Object) h.status()).orElse(null));
  }

  private static void print(PrintWriter out, Style style, Prober.Result r) {
    out.println(style.bold("probe " + r.uri()));
    for (Prober.Step s : r.steps()) {
      String mark = s.ok() ? style.good("ok  ") : style.bad("FAIL");
      out.printf("  %s %-10s %9.1f ms  %s%n", mark, s.name(), millis(s.nanos()), s.detail());
    }
    out.printf("       %-10s %9.1f ms%n", "total", millis(r.totalNanos()));
    if (r.diagnosis().isPresent()) {
      out.println();
      Report.print(out, style, r.diagnosis().get());
    } else {
      out.println(
          style.good("the exchange worked")
              + r.head().map(h -> ": " + style.status(h.status()) + " " + h.reason()).orElse(""));
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 100_000.0) / 10.0;
  }

  static URI parseUrl(String url) {
    String u = url.strip();
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      throw new BadInput("not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BadInput("'" + url + "': only http:// and https:// URLs can be probed");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new BadInput("'" + url + "' has no host name");
    }
    return uri;
  }

  static Headers parseHeaders(List<String> lines) {
    Headers.Builder b = Headers.builder();
    for (String line : lines) {
      int colon = line.indexOf(':');
      String name = colon > 0 ? line.substring(0, colon).strip() : "";
      String value = colon > 0 ? line.substring(colon + 1).strip() : "";
      if (!Headers.isValidName(name) || !Headers.isValidValue(value)) {
        throw new BadInput("header '" + line + "' is not like 'Name: value'");
      }
      b.add(name, value);
    }
    return b.build();
  }
}
