package dev.failsoft.examples.core;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.logs.LogAnalyzer;
import dev.failsoft.diagnosis.logs.LogSummary;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Failsoft's core on its own: diagnosing a failed call, a saved raw HTTP response, and a proxy's
 * error log.
 *
 * <p>Run: {@code java -cp ... dev.failsoft.examples.core.CoreExample [URL [RESPONSE_FILE
 * [LOG_FILE]]]}; without arguments it calls a closed loopback port and reads the nginx 502 and
 * error log bundled under {@code samples/}.
 */
public final class CoreExample {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final PrintStream out;

  CoreExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    CoreExample example = new CoreExample(System.out);
    example.get(args.length > 0 ? args[0] : "http://127.0.0.1:9/");
    try (InputStream response = open(args, 1, "samples/nginx-502.http");
        InputStream log = open(args, 2, "samples/nginx-error.log")) {
      example.explain(response);
      example.analyze(log);
    }
  }

  // The README shows the tagged regions verbatim; ReadmeQuickStartsTest keeps them in step.
  // spotless:off (the README shows this region as written)
  // tag::core-quickstart[]
  private final Diagnoser diagnoser = Diagnoser.standard();      // immutable: share one

  /** Calls {@code url}; returns the diagnosis of its failure, empty when it answered. */
  Optional<Diagnosis> get(String url) throws InterruptedException {
    RequestHead request = RequestHead.get(url);
    try {
      http.send(HttpRequest.newBuilder(request.uri()).build(), BodyHandlers.discarding());
      return Optional.empty();
    } catch (IOException e) {
      Diagnosis d = diagnoser.diagnose(request, e);              // the phase is read off e
      out.println(d.summary());    // failure at client: connection_refused during connect — ...
      d.remedies().forEach(out::println);
      RetryDecision next = RetryPolicy.ofDefaults().decide(d, 1, Duration.ZERO);
      out.println(next);           // retry after a jittered delay, or why not
      return Optional.of(d);
    }
  }
  // end::core-quickstart[]
  // spotless:on

  /**
   * Diagnoses a response saved as the bytes the server sent (status line, header lines, blank line,
   * body): which hop produced it and why.
   */
  Diagnosis explain(InputStream savedResponse) throws IOException {
    byte[] raw = savedResponse.readAllBytes();
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("not an HTTP response: no blank line after the head");
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Headers.Builder headers = Headers.builder();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        // Lenient: a saved response from a broken hop may carry fields a sender must not send.
        headers.addLenient(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
      }
    }
    ResponseHead head =
        new ResponseHead(
            Integer.parseInt(statusLine[1]),
            statusLine.length > 2 ? statusLine[2] : "",
            headers.build());
    Diagnosis d = diagnoser.diagnose(head, Arrays.copyOfRange(raw, end + 4, raw.length));
    out.print(d);
    return d;
  }

  // spotless:off (the README shows this region as written)

  // tag::logs-quickstart[]
  /** Reads a proxy's log (nginx, Apache, HAProxy, Envoy, ...; plain or gzip) and prints why. */
  LogSummary analyze(InputStream log) throws IOException {
    LogSummary summary = LogAnalyzer.standard().analyze(log, finding -> { });
    for (LogSummary.Cause c : summary.causes()) {
      out.println(c.count() + " × " + c.kind().id() + " at " + c.upstream());
    }
    summary.remedies().forEach((kind, todo) -> out.println(kind.id() + ": " + todo));
    return summary;
  }
  // end::logs-quickstart[]
  // spotless:on

  private static InputStream open(String[] args, int index, String sample) throws IOException {
    if (args.length > index) {
      return Files.newInputStream(Path.of(args[index]));
    }
    InputStream in = CoreExample.class.getClassLoader().getResourceAsStream(sample);
    if (in == null) {
      throw new IOException("missing resource " + sample);
    }
    return in;
  }

  private static int indexOf(byte[] bytes, byte[] target) {
    for (int i = 0; i + target.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length)) {
        return i;
      }
    }
    return -1;
  }
}
