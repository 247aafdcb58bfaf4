package dev.failsoft.benchmarks.micro;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Diagnosing an nginx 502 and classifying a refused connection, against what a user would otherwise
 * write: a status check plus a regular expression over the error page (the peer gives far less: no
 * hop, no retry safety, no remedy), and {@code instanceof} on the exception.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DiagnoseBenchmark {
  private static final Pattern SERVER_LINE = Pattern.compile("<center>([^<]+)</center>");

  private final Diagnoser diagnoser = Diagnoser.standard();
  // Inputs are non-final fields, so the JIT cannot fold them into constants.
  private ResponseHead nginx502 =
      new ResponseHead(
          502,
          "Bad Gateway",
          Headers.of(
              "Server", "nginx/1.22.1",
              "Date", "Wed, 25 Nov 2026 22:00:00 GMT",
              "Content-Type", "text/html",
              "Content-Length", "157",
              "Connection", "keep-alive"));
  private byte[] body =
      ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
              + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n"
              + "</body>\r\n</html>\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);
  private RequestHead request = RequestHead.get("http://shop.example/cart");
  private ConnectException refused = new ConnectException("Connection refused");

  /** Failsoft: kind, responder, phase, retry safety and remedies of a 502 response. */
  @Benchmark
  public Diagnosis failsoftDiagnoseResponse() {
    return diagnoser.diagnose(nginx502, body);
  }

  /** Peer: status check + regex for the server line of the error page. */
  @Benchmark
  public String peerRegexResponse() {
    if (nginx502.status() < 500) {
      return "";
    }
    Matcher m = SERVER_LINE.matcher(new String(body, StandardCharsets.ISO_8859_1));
    String last = "";
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  /** Failsoft: kind, phase and retry safety of a refused connection. */
  @Benchmark
  public Diagnosis failsoftClassifyException() {
    return diagnoser.diagnose(request, refused);
  }

  /** Peer: an {@code instanceof} ladder over the cause chain. */
  @Benchmark
  public int peerInstanceofException() {
    for (Throwable t = refused; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return 1;
      }
      if (t instanceof java.net.SocketTimeoutException) {
        return 2;
      }
      if (t instanceof java.net.SocketException) {
        return 3;
      }
    }
    return 0;
  }
}
