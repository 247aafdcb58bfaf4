package dev.failsoft.diagnosis;

import static dev.failsoft.diagnosis.LoopbackClients.Exchange.get;
import static dev.failsoft.diagnosis.LoopbackClients.Exchange.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;

import dev.failsoft.diagnosis.LoopbackClients.Exchange;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.FaultServer.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Makes each failure happen for real on loopback with each of the four clients, then checks that
 * {@link Diagnoser#standard()} names the kind, the phase and the retry safety from what the client
 * actually threw.
 */
class LoopbackFailureTest {

  @TempDir static Path certificates;

  private static LoopbackTls tls;
  private FaultServer server;

  @BeforeAll
  static void makeCertificate() throws Exception {
    tls = LoopbackTls.generate(certificates);
  }

  @BeforeEach
  void startServer() throws IOException {
    server = FaultServer.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void refusedPostIsSafeToRepeatBecauseNothingWasSent(LoopbackClients client) throws IOException {
    Diagnosis d = diagnose(client, post("http://127.0.0.1:" + FaultServer.closedPort() + "/order"));

    assertThat(d.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(d.phase()).isEqualTo(Phase.CONNECT);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void nameUnderDotInvalidIsADnsFailure(LoopbackClients client) {
    // RFC 6761 §6.4: .invalid never resolves, so this fails without a network.
    Diagnosis d = diagnose(client, post("http://failsoft-test.invalid/order"));

    assertThat(d.kind().group()).isEqualTo(FailureKind.Group.DNS);
    assertThat(d.phase()).isEqualTo(Phase.DNS);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void silentServerIsATimeoutAfterTheRequestWasSent(LoopbackClients client) {
    server.mode(Mode.HANG);

    Diagnosis d = diagnose(client, post(server.url() + "/order"));

    // java.net.http only has HttpRequest.timeout(): a response timeout, not an idle read timeout.
    assertThat(d.kind())
        .isEqualTo(
            client == LoopbackClients.JAVA_HTTP_CLIENT
                ? FailureKind.HTTP_RESPONSE_TIMEOUT
                : FailureKind.CONNECTION_READ_TIMEOUT);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.MAY_HAVE_BEEN_PROCESSED);
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void closeBeforeAnyResponseByteIsATerminatedConnection(LoopbackClients client) {
    server.mode(Mode.CLOSE_AFTER_REQUEST);

    Diagnosis d = diagnose(client, get(server.url() + "/"));

    assertThat(d.kind()).isEqualTo(FailureKind.CONNECTION_TERMINATED);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.IDEMPOTENT_METHOD);
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void closeOnAcceptIsATerminatedConnection(LoopbackClients client) {
    server.mode(Mode.CLOSE_IMMEDIATELY);

    Diagnosis d = diagnose(client, get(server.url() + "/"));

    // Whether the client was still writing (broken pipe, reset) or already reading is a race.
    assertThat(d.kind()).isEqualTo(FailureKind.CONNECTION_TERMINATED);
    assertThat(d.phase().isBeforeRequestSent()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void resetAfterAPostIsNotSafeToRepeatWithoutAnIdempotencyKey(LoopbackClients client) {
    server.mode(Mode.RESET);

    Diagnosis plain = diagnose(client, post(server.url() + "/order"));
    Diagnosis keyed = diagnose(client, post(server.url() + "/order").withIdempotencyKey());

    assertThat(plain.kind()).isEqualTo(FailureKind.CONNECTION_TERMINATED);
    assertThat(plain.retrySafety()).isEqualTo(RetrySafety.MAY_HAVE_BEEN_PROCESSED);
    assertThat(keyed.kind()).isEqualTo(FailureKind.CONNECTION_TERMINATED);
    assertThat(keyed.retrySafety()).isEqualTo(RetrySafety.IDEMPOTENCY_KEY);
  }

  @ParameterizedTest
  @EnumSource(value = LoopbackClients.class, names = "HTTP_URL_CONNECTION", mode = EXCLUDE)
  void garbageInsteadOfAStatusLineIsAProtocolError(LoopbackClients client) {
    // HttpURLConnection is left out: it reads non-HTTP bytes as an HTTP/0.9 body, throwing
    // nothing.
    server.mode(Mode.GARBAGE);

    Diagnosis d = diagnose(client, get(server.url() + "/"));

    assertThat(d.kind()).isEqualTo(FailureKind.HTTP_PROTOCOL_ERROR);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_HEADERS);
  }

  @ParameterizedTest
  @EnumSource(value = LoopbackClients.class, names = "HTTP_URL_CONNECTION", mode = EXCLUDE)
  void bodyCutShortIsAnIncompleteResponse(LoopbackClients client) {
    // HttpURLConnection is left out: it ends the stream early without an exception (JDK 17).
    server.mode(Mode.TRUNCATED_BODY).respond(200, "OK", "text/plain", "x".repeat(1000));

    Diagnosis d = diagnose(client, get(server.url() + "/"));

    assertThat(d.kind()).isEqualTo(FailureKind.HTTP_RESPONSE_INCOMPLETE);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_BODY);
  }

  @ParameterizedTest
  @EnumSource(value = LoopbackClients.class, names = "JETTY", mode = EXCLUDE)
  void oversizedResponseHeaderSectionIsNamedAsSuch(LoopbackClients client) {
    // 400 KiB: above OkHttp's 256 KiB and the JDK's 384 KiB (jdk.http.maxHeaderSize). Jetty is
    // left out: with assertions on (as surefire runs) 12.1.14 fails an internal assert instead
    // of throwing its "Response Header Bytes Too Large", which ExceptionClassifierTest covers.
    String big = "x".repeat(400 * 1024);
    server.respond(
        ("HTTP/1.1 200 OK\r\nX-Big: "
                + big
                + "\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok")
            .getBytes(StandardCharsets.ISO_8859_1));

    Diagnosis d = diagnose(client, get(server.url() + "/"));

    assertThat(d.kind()).isEqualTo(FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_HEADERS);
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void tlsClientOnAPlainHttpPortIsATlsProtocolError(LoopbackClients client) {
    server.mode(Mode.ANSWER_WITHOUT_READING).respond(400, "Bad Request", "text/plain", "plain");

    Diagnosis d =
        diagnose(
            client,
            post("https://localhost:" + server.port() + "/order")
                .trusting(tls.trustingClient, tls.trustStore));

    assertThat(d.kind()).isEqualTo(FailureKind.TLS_PROTOCOL_ERROR);
    assertThat(d.phase()).isEqualTo(Phase.TLS);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void selfSignedCertificateTheClientDoesNotTrustIsACertificateError(LoopbackClients client)
      throws Exception {
    try (FaultServer secure = FaultServer.startTls(tls.server)) {
      Diagnosis d = diagnose(client, post("https://localhost:" + secure.port() + "/order"));

      assertThat(d.kind()).isEqualTo(FailureKind.TLS_CERTIFICATE_ERROR);
      assertThat(d.phase()).isEqualTo(Phase.TLS);
      assertThat(d.retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
      assertThat(secure.requestCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void trustedCertificateForAnotherHostIsACertificateError(LoopbackClients client)
      throws Exception {
    try (FaultServer secure = FaultServer.startTls(tls.server)) {
      // The certificate names only "localhost"; reaching it as 127.0.0.1 fails verification.
      Diagnosis d =
          diagnose(
              client,
              get("https://127.0.0.1:" + secure.port() + "/")
                  .trusting(tls.trustingClient, tls.trustStore));

      assertThat(d.kind()).isEqualTo(FailureKind.TLS_CERTIFICATE_ERROR);
      assertThat(d.phase()).isEqualTo(Phase.TLS);
    }
  }

  @ParameterizedTest
  @EnumSource(LoopbackClients.class)
  void trustedTlsServerAnswersSoTheTlsSetUpItselfWorks(LoopbackClients client) throws Exception {
    try (FaultServer secure = FaultServer.startTls(tls.server)) {
      Throwable failure =
          client.failure(
              get("https://localhost:" + secure.port() + "/")
                  .trusting(tls.trustingClient, tls.trustStore));

      assertThat(failure).isNull();
      assertThat(secure.requestCount()).isEqualTo(1);
    }
  }

  private static Diagnosis diagnose(LoopbackClients client, Exchange x) {
    Throwable failure = client.failure(x);
    assertThat(failure).as("%s must fail on %s %s", client, x.method, x.url).isNotNull();
    Diagnosis d =
        Diagnoser.standard().diagnose(x.head(), java.util.Objects.requireNonNull(failure));
    // Every fault here is one the classifier must know; on a miss, show what was thrown.
    assertThat(d.kind()).as("%s threw %s", client, d.evidence()).isNotEqualTo(FailureKind.UNKNOWN);
    return d;
  }
}
