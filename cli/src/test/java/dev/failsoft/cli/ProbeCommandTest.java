package dev.failsoft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.FaultServer.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeCommandTest {
  private static final Pattern STEP = Pattern.compile("^  (ok  |FAIL) (\\S+)", Pattern.MULTILINE);

  private FaultServer server;

  @BeforeEach
  void start() throws IOException {
    server = FaultServer.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Returns the phases printed, each as "ok name" or "FAIL name". */
  private static List<String> steps(Run r) {
    Matcher m = STEP.matcher(r.out());
    List<String> steps = new java.util.ArrayList<>();
    while (m.find()) {
      steps.add(m.group(1).strip() + " " + m.group(2));
    }
    return steps;
  }

  @Test
  void walksEveryPhaseOfAHealthyExchangeAndExitsZero() {
    Run r = Run.of("probe", server.url() + "/health?x=1");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(FailsoftCli.OK);
    assertThat(steps(r))
        .containsExactly(
            "ok dns", "ok connect", "ok request", "ok first_byte", "ok headers", "ok body");
    assertThat(r.out())
        .contains("GET /health?x=1 HTTP/1.1", "HTTP 200 OK", "5 bytes", "the exchange worked");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void stopsAtConnectWhenTheConnectionIsRefused() throws IOException {
    Run r = Run.of("probe", "http://127.0.0.1:" + FaultServer.closedPort() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).containsExactly("ok dns", "FAIL connect");
    assertThat(r.out()).contains("connection_refused during connect", "ConnectException");
  }

  @Test
  void stopsAtTheFirstByteWhenTheServerHangs() {
    server.mode(Mode.HANG);

    Run r = Run.of("probe", "--timeout", "300ms", server.url() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).endsWith("ok request", "FAIL first_byte");
    assertThat(r.out())
        .contains("SocketTimeoutException", "connection_read_timeout during response_headers");
  }

  @Test
  void stopsWhenTheServerClosesWithoutAnswering() {
    server.mode(Mode.CLOSE_AFTER_REQUEST);

    Run r = Run.of("probe", server.url() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).endsWith("FAIL first_byte");
    assertThat(r.out())
        .contains(
            "closed the connection without answering",
            "connection_terminated during response_headers");
  }

  @Test
  void stopsWhenTheServerResetsTheConnection() {
    server.mode(Mode.RESET);

    Run r = Run.of("probe", server.url() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).last().asString().startsWith("FAIL");
    assertThat(r.out()).containsIgnoringCase("reset").contains("connection_terminated");
  }

  @Test
  void stopsAtTheHeadersWhenTheAnswerIsNotHttp() {
    server.mode(Mode.GARBAGE);

    Run r = Run.of("probe", server.url() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).endsWith("ok first_byte", "FAIL headers");
    assertThat(r.out())
        .contains(
            "ProtocolException: not an HTTP response",
            "http_protocol_error during response_headers");
  }

  @Test
  void stopsAtTheBodyWhenItIsCutShort() {
    server.respond(200, "OK", "text/plain", "x".repeat(1000)).mode(Mode.TRUNCATED_BODY);

    Run r = Run.of("probe", server.url() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).endsWith("ok headers", "FAIL body");
    assertThat(r.out()).contains("of 1000 bytes", "connection_terminated during response_body");
  }

  @Test
  void diagnosesAFailureAnswerWithTheHeadAndBody() {
    server.respond(
        502,
        "Bad Gateway",
        "text/html",
        "<html><head><title>502 Bad Gateway"
            + "</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>"
            + "nginx/1.22.1</center></body></html>");

    Run r = Run.of("probe", server.url() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).last().isEqualTo("ok body");
    assertThat(r.out()).contains("502 from nginx:", "remedy: ");
  }

  @Test
  void stopsAtTlsWhenTheServerDoesNotSpeakIt() throws Exception {
    // A plain-HTTP server that answers at once, as a misconfigured port does, fails the handshake.
    try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                try (Socket s = plain.accept()) {
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                              .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException ignored) {
                  // the probe may close first
                }
              });
      answer.setDaemon(true);
      answer.start();

      Run r = Run.of("probe", "--timeout", "2s", "https://127.0.0.1:" + plain.getLocalPort());

      assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
      assertThat(steps(r)).containsExactly("ok dns", "ok connect", "FAIL tls");
      assertThat(r.out()).contains("tls_protocol_error during tls");
    }
  }

  @Test
  void stopsAtDnsWhenTheNameDoesNotResolve() {
    // RFC 6761 §6.4: .invalid names never resolve.
    Run r = Run.of("probe", "--timeout", "3s", "http://no-such-host.invalid/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(steps(r)).containsExactly("FAIL dns");
    assertThat(r.out()).contains("dns_error during dns");
  }

  @Test
  void writesPhasesAndTheDiagnosisAsJson() throws IOException {
    Run r = Run.of("probe", "--json", "http://127.0.0.1:" + FaultServer.closedPort() + "/");

    assertThat(r.code()).isEqualTo(FailsoftCli.FAILING);
    assertThat(r.out().strip())
        .startsWith("{\"url\":\"http://127.0.0.1:")
        .contains(
            "\"phases\":[{\"phase\":\"dns\",\"ms\":",
            "{\"phase\":\"connect\",\"ms\":",
            "\"ok\":false",
            "\"status\":null,\"failing\":true,\"diagnosis\":{\"kind\":",
            "\"phase\":\"connect\"")
        .endsWith("}}");
  }

  @Test
  void aHealthyProbeHasANullDiagnosisInJson() {
    Run r = Run.of("probe", "--json", "-X", "HEAD", "-H", "X-Probe: 1", server.url());

    assertThat(r.code()).isEqualTo(FailsoftCli.OK);
    assertThat(r.out()).contains("\"status\":200,\"failing\":false,\"diagnosis\":null}");
  }

  @Test
  void badUrlsHeadersAndDurationsAreOneLineUsageErrors() {
    for (String[] args :
        new String[][] {
          {"probe", "ftp://example.com/"},
          {"probe", "http://"},
          {"probe", "http://a b/"},
          {"probe", "-H", "no colon", "http://127.0.0.1/"},
          {"probe", "--timeout", "soon", "http://127.0.0.1/"},
          {"probe", "--timeout", "-5s", "http://127.0.0.1/"},
          {"probe", "--timeout", "99999999999999s", "http://127.0.0.1/"},
          {"probe", "-X", "GE T", "http://127.0.0.1/"},
          {"probe"}
        }) {
      Run r = Run.of(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(FailsoftCli.USAGE);
      assertThat(r.oneLineError()).as(r.err()).isTrue();
    }
  }
}
