package dev.failsoft.diagnosis;

import static dev.failsoft.diagnosis.FailureKind.BAD_GATEWAY;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.GATEWAY_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.ORIGIN_ERROR;
import static dev.failsoft.diagnosis.FailureKind.SERVICE_UNAVAILABLE;
import static dev.failsoft.testing.UpstreamFault.GARBAGE;
import static dev.failsoft.testing.UpstreamFault.HANG;
import static dev.failsoft.testing.UpstreamFault.INVALID_HEADER;
import static dev.failsoft.testing.UpstreamFault.ORIGIN_500;
import static dev.failsoft.testing.UpstreamFault.REFUSED;
import static dev.failsoft.testing.UpstreamFault.RESET;
import static dev.failsoft.testing.UpstreamFault.TOO_BIG_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.HaproxyProcess;
import dev.failsoft.testing.NginxProcess;
import dev.failsoft.testing.ProxyProcess;
import dev.failsoft.testing.UpstreamFault;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnoser against failures produced for real by nginx and HAProxy: each test fetches through
 * the proxy with {@link HttpURLConnection} (which keeps the reason phrase) and diagnoses what an
 * application sees, with no help from the proxy's log.
 *
 * <p>Oracle (SIGNATURES.md §1 and §3, and what {@link RealProxyHarnessTest} observed): nginx sends
 * a byte-identical 502 page for a refused connect, a reset, an invalid header and a too-big header
 * (only its error log tells them apart), so the one honest answer for all of them is {@link
 * FailureKind#BAD_GATEWAY}; nginx's 504 means a timeout, connect or read (the same page, so the
 * family {@link FailureKind#GATEWAY_TIMEOUT}). HAProxy's 503 "No server is available" means no
 * usable server (SC), its 504 a server timeout (sH), and its 502 an invalid or incomplete response
 * (PH and SH send the same page, so they must get the same answer).
 */
class RealProxyDiagnosisTest {
  static final Diagnoser DIAGNOSER = Diagnoser.standard();

  /** Starts a proxy in front of an upstream port. */
  interface ProxyStarter {
    ProxyProcess start(int upstreamPort) throws IOException;
  }

  /** Fetches {@code fault.path()} through a fresh proxy in front of {@code fault}; diagnoses it. */
  static Diagnosis diagnoseThrough(
      ProxyStarter starter, UpstreamFault fault, int status, String server) throws IOException {
    try (FaultServer upstream = FaultServer.start();
        ProxyProcess proxy = starter.start(fault.arm(upstream))) {
      String url = proxy.url() + fault.path();
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      try {
        assertThat(c.getResponseCode()).isEqualTo(status);
        assertThat(c.getHeaderField("Server"))
            .satisfies(
                s -> {
                  if (server.isEmpty()) {
                    assertThat(s).isNull();
                  } else {
                    assertThat(s).startsWith(server);
                  }
                });
        Headers.Builder headers = Headers.builder();
        c.getHeaderFields()
            .forEach(
                (name, values) -> {
                  if (name != null) {
                    values.forEach(v -> headers.addLenient(name, v));
                  }
                });
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] body = in == null ? new byte[0] : in.readNBytes(ResponseSample.MAX_BODY_BYTES);
        String reason = c.getResponseMessage() == null ? "" : c.getResponseMessage();
        return DIAGNOSER.diagnose(
            RequestHead.get(url), new ResponseHead(status, reason, headers.build()), body);
      } finally {
        c.disconnect();
      }
    }
  }

  static void assertDiagnosis(
      Diagnosis d, int status, Responder responder, Set<FailureKind> kinds) {
    assertThat(d.status()).isEqualTo(OptionalInt.of(status));
    assertThat(d.responder()).isEqualTo(responder);
    assertThat(d.kind()).isIn(kinds);
  }

  @Nested
  class Nginx {
    @BeforeEach
    void installed() {
      NginxProcess.assumeInstalled();
    }

    static Stream<Arguments> failures() {
      return Stream.of(
          arguments(REFUSED, 502, Responder.NGINX, EnumSet.of(BAD_GATEWAY)),
          arguments(RESET, 502, Responder.NGINX, EnumSet.of(BAD_GATEWAY)),
          arguments(INVALID_HEADER, 502, Responder.NGINX, EnumSet.of(BAD_GATEWAY)),
          arguments(TOO_BIG_HEADER, 502, Responder.NGINX, EnumSet.of(BAD_GATEWAY)),
          arguments(HANG, 504, Responder.NGINX, EnumSet.of(GATEWAY_TIMEOUT)),
          arguments(ORIGIN_500, 500, Responder.ORIGIN, EnumSet.of(ORIGIN_ERROR)));
    }

    @ParameterizedTest(name = "{0}: {1} from {2} is one of {3}")
    @MethodSource("failures")
    void namesTheHopAndTheKindFromTheResponseAlone(
        UpstreamFault fault, int status, Responder responder, Set<FailureKind> kinds)
        throws IOException {
      Diagnosis d = diagnoseThrough(NginxProcess::start, fault, status, "nginx/");

      assertDiagnosis(d, status, responder, kinds);
    }

    /**
     * nginx relays a non-HTTP upstream reply as HTTP/0.9, so the client gets no status line at all
     * and its HTTP/1.1 parser fails: the diagnosis comes from the client's exception.
     */
    @Test
    void readsNginxsHttp09RelayOfGarbageAsAProtocolError() throws IOException {
      try (FaultServer upstream = FaultServer.start();
          NginxProcess nginx = NginxProcess.start(GARBAGE.arm(upstream))) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(nginx.url() + GARBAGE.path());
        Throwable failure =
            catchThrowable(
                () ->
                    client.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));

        assertThat(failure)
            .isInstanceOf(ProtocolException.class)
            .hasMessageContaining("Invalid status line");
        Diagnosis d =
            DIAGNOSER.diagnose(RequestHead.get(uri.toString()), failure, Phase.RESPONSE_HEADERS);
        assertThat(d.kind()).isEqualTo(HTTP_PROTOCOL_ERROR);
      }
    }
  }

  @Nested
  class Haproxy {
    @BeforeEach
    void installed() {
      HaproxyProcess.assumeInstalled();
    }

    static Stream<Arguments> failures() {
      Set<FailureKind> invalid =
          EnumSet.of(BAD_GATEWAY, HTTP_PROTOCOL_ERROR, HTTP_RESPONSE_INCOMPLETE);
      return Stream.of(
          arguments(
              REFUSED,
              503,
              Responder.HAPROXY,
              EnumSet.of(DESTINATION_UNAVAILABLE, SERVICE_UNAVAILABLE)),
          arguments(
              HANG, 504, Responder.HAPROXY, EnumSet.of(HTTP_RESPONSE_TIMEOUT, GATEWAY_TIMEOUT)),
          arguments(GARBAGE, 502, Responder.HAPROXY, invalid),
          arguments(RESET, 502, Responder.HAPROXY, invalid),
          arguments(ORIGIN_500, 500, Responder.ORIGIN, EnumSet.of(ORIGIN_ERROR)));
    }

    @ParameterizedTest(name = "{0}: {1} from {2} is one of {3}")
    @MethodSource("failures")
    void namesTheHopAndTheKindFromTheResponseAlone(
        UpstreamFault fault, int status, Responder responder, Set<FailureKind> kinds)
        throws IOException {
      Diagnosis d = diagnoseThrough(HaproxyProcess::start, fault, status, "");

      assertDiagnosis(d, status, responder, kinds);
    }

    @Test
    void givesGarbageAndResetTheSameAnswerBecauseThePagesAreIdentical() throws IOException {
      List<FailureKind> kinds =
          List.of(
              diagnoseThrough(HaproxyProcess::start, GARBAGE, 502, "").kind(),
              diagnoseThrough(HaproxyProcess::start, RESET, 502, "").kind());

      assertThat(kinds.get(1)).isEqualTo(kinds.get(0));
    }
  }
}
