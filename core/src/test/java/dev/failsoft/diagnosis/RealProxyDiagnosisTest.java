package dev.failsoft.diagnosis;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.HaproxyProcess;
import dev.failsoft.testing.NginxProcess;
import dev.failsoft.testing.ProxyProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The diagnoser against failures produced for real by nginx and HAProxy: each test fetches
 * through the proxy with {@link HttpURLConnection} (which keeps the reason phrase) and diagnoses
 * what an application would see, with no help from the proxy's log.
 *
 * <p>Oracle (SIGNATURES.md §1, §3 and the observations in {@link RealProxyHarnessTest}): nginx
 * sends a byte-identical 502 page for a refused connect, a reset, an invalid header and a too-big
 * header (only its error log tells them apart), so the honest answer for all of them is {@link
 * FailureKind#BAD_GATEWAY}; nginx's 504 only ever means an upstream timeout. HAProxy's 503 "No
 * server is available" means no usable server (SC), its 504 a server timeout (sH), and its 502 an
 * invalid or incomplete response (PH and SH send the same page).
 */
@Disabled("enabled when the response classifier lands")
class RealProxyDiagnosisTest {
  static final Diagnoser DIAGNOSER = Diagnoser.standard();
  static final String APP_BODY = "{\"error\":\"database unavailable\"}";

  /** What an application saw: the request, the response head and the first body bytes. */
  record Seen(RequestHead request, ResponseHead head, byte[] body) {
    Diagnosis diagnose() {
      return DIAGNOSER.diagnose(request, head, body);
    }
  }

  static Seen fetch(ProxyProcess proxy, String path) throws IOException {
    String url = proxy.url() + path;
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    try {
      int status = c.getResponseCode();
      Headers.Builder headers = Headers.builder();
      c.getHeaderFields().forEach((name, values) -> {
        if (name != null) {
          values.forEach(v -> headers.addLenient(name, v));
        }
      });
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] body = in == null ? new byte[0] : in.readNBytes(ResponseSample.MAX_BODY_BYTES);
      ResponseHead head = new ResponseHead(status,
          c.getResponseMessage() == null ? "" : c.getResponseMessage(), headers.build());
      return new Seen(RequestHead.get(url), head, body);
    } finally {
      c.disconnect();
    }
  }

  static void assertFailure(Diagnosis d, int status, Responder responder, FailureKind... kinds) {
    assertThat(d.status()).isEqualTo(OptionalInt.of(status));
    assertThat(d.responder()).isEqualTo(responder);
    assertThat(d.kind()).isIn((Object[]) kinds);
  }

  @Nested
  class Nginx {
    @BeforeEach
    void installed() {
      NginxProcess.assumeInstalled();
    }

    @Test
    void blamesNginxWithABadGatewayWhenTheUpstreamRefuses() throws IOException {
      try (NginxProcess nginx = NginxProcess.start(FaultServer.closedPort())) {
        Seen seen = fetch(nginx, "/refused");

        assertThat(seen.head().status()).isEqualTo(502);
        assertThat(seen.head().headers().first("Server")).hasValueSatisfying(
            s -> assertThat(s).startsWith("nginx/"));
        assertFailure(seen.diagnose(), 502, Responder.NGINX, FailureKind.BAD_GATEWAY);
      }
    }

    @Test
    void readsNginxs504AsAnUpstreamResponseTimeout() throws IOException {
      try (FaultServer upstream = FaultServer.start().mode(FaultServer.Mode.HANG);
          NginxProcess nginx = NginxProcess.start(upstream.port())) {
        Seen seen = fetch(nginx, "/hang");

        assertThat(seen.head().status()).isEqualTo(504);
        assertThat(seen.head().reason()).isEqualTo("Gateway Time-out");
        Diagnosis d = seen.diagnose();
        assertFailure(d, 504, Responder.NGINX, FailureKind.HTTP_RESPONSE_TIMEOUT);
        assertThat(d.kind().isTransient()).isTrue();
      }
    }

    @Test
    void blamesNginxWithABadGatewayWhenTheUpstreamResets() throws IOException {
      try (FaultServer upstream = FaultServer.start().mode(FaultServer.Mode.RESET);
          NginxProcess nginx = NginxProcess.start(upstream.port())) {
        Seen seen = fetch(nginx, "/reset");

        assertThat(seen.head().status()).isEqualTo(502);
        assertFailure(seen.diagnose(), 502, Responder.NGINX, FailureKind.BAD_GATEWAY);
      }
    }

    @Test
    void givesTheSameAnswerForEveryNginx502BecauseThePagesAreIdentical() throws IOException {
      byte[] invalidHeader = "HTTP/1.1 200 OK\r\nBad\0Name: y\r\nContent-Length: 2\r\n\r\nhi"
          .getBytes(ISO_8859_1);
      byte[] tooBigHeader = ("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(10_000)
          + "\r\nContent-Length: 2\r\n\r\nhi").getBytes(ISO_8859_1);
      Diagnosis refused;
      try (NginxProcess nginx = NginxProcess.start(FaultServer.closedPort())) {
        refused = fetch(nginx, "/").diagnose();
      }
      for (byte[] reply : new byte[][] {invalidHeader, tooBigHeader}) {
        try (FaultServer upstream = FaultServer.start().respond(reply);
            NginxProcess nginx = NginxProcess.start(upstream.port())) {
          Diagnosis d = fetch(nginx, "/").diagnose();

          assertFailure(d, 502, Responder.NGINX, FailureKind.BAD_GATEWAY);
          assertThat(d.kind()).isEqualTo(refused.kind());
        }
      }
    }

    /**
     * nginx relays a non-HTTP upstream reply as HTTP/0.9, so the client gets no status line at
     * all and its HTTP/1.1 parser fails: the diagnosis comes from the client's exception.
     */
    @Test
    void readsNginxsHttp09RelayOfGarbageAsAProtocolError() throws Exception {
      try (FaultServer upstream = FaultServer.start().mode(FaultServer.Mode.GARBAGE);
          NginxProcess nginx = NginxProcess.start(upstream.port())) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(nginx.url() + "/garbage");
        Throwable failure = catchThrowable(() -> client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofByteArray()));

        assertThat(failure).isInstanceOf(java.net.ProtocolException.class)
            .hasMessageContaining("Invalid status line");
        Diagnosis d = DIAGNOSER.diagnose(RequestHead.get(uri.toString()), failure,
            Phase.RESPONSE_HEADERS);
        assertThat(d.kind()).isEqualTo(FailureKind.HTTP_PROTOCOL_ERROR);
      }
    }

    @Test
    void blamesTheOriginForA500PassedThroughNginx() throws IOException {
      try (FaultServer upstream = FaultServer.start()
              .respond(500, "Internal Server Error", "application/json", APP_BODY);
          NginxProcess nginx = NginxProcess.start(upstream.port())) {
        Seen seen = fetch(nginx, "/app");

        assertThat(seen.head().status()).isEqualTo(500);
        assertThat(new String(seen.body(), ISO_8859_1)).isEqualTo(APP_BODY);
        assertFailure(seen.diagnose(), 500, Responder.ORIGIN, FailureKind.ORIGIN_ERROR);
      }
    }
  }

  @Nested
  class Haproxy {
    @BeforeEach
    void installed() {
      HaproxyProcess.assumeInstalled();
    }

    @Test
    void readsHaproxys503AsNoServerAvailableWhenTheUpstreamRefuses() throws IOException {
      try (HaproxyProcess haproxy = HaproxyProcess.start(FaultServer.closedPort())) {
        Seen seen = fetch(haproxy, "/refused");

        assertThat(seen.head().status()).isEqualTo(503);
        assertThat(seen.head().headers().contains("Server")).isFalse();
        assertFailure(seen.diagnose(), 503, Responder.HAPROXY,
            FailureKind.DESTINATION_UNAVAILABLE, FailureKind.SERVICE_UNAVAILABLE);
      }
    }

    @Test
    void readsHaproxys504AsAServerTimeout() throws IOException {
      try (FaultServer upstream = FaultServer.start().mode(FaultServer.Mode.HANG);
          HaproxyProcess haproxy = HaproxyProcess.start(upstream.port())) {
        Seen seen = fetch(haproxy, "/hang");

        assertThat(seen.head().status()).isEqualTo(504);
        assertFailure(seen.diagnose(), 504, Responder.HAPROXY,
            FailureKind.HTTP_RESPONSE_TIMEOUT, FailureKind.GATEWAY_TIMEOUT);
      }
    }

    @Test
    void readsHaproxys502AsAnInvalidOrIncompleteResponseForGarbageAndReset() throws IOException {
      Diagnosis garbage;
      try (FaultServer upstream = FaultServer.start().mode(FaultServer.Mode.GARBAGE);
          HaproxyProcess haproxy = HaproxyProcess.start(upstream.port())) {
        garbage = fetch(haproxy, "/garbage").diagnose();
      }
      Diagnosis reset;
      try (FaultServer upstream = FaultServer.start().mode(FaultServer.Mode.RESET);
          HaproxyProcess haproxy = HaproxyProcess.start(upstream.port())) {
        reset = fetch(haproxy, "/reset").diagnose();
      }

      for (Diagnosis d : new Diagnosis[] {garbage, reset}) {
        assertFailure(d, 502, Responder.HAPROXY, FailureKind.BAD_GATEWAY,
            FailureKind.HTTP_PROTOCOL_ERROR, FailureKind.HTTP_RESPONSE_INCOMPLETE);
      }
      // The two pages are byte-identical, so the answers must be too.
      assertThat(reset.kind()).isEqualTo(garbage.kind());
    }

    @Test
    void blamesTheOriginForA500PassedThroughHaproxy() throws IOException {
      try (FaultServer upstream = FaultServer.start()
              .respond(500, "Internal Server Error", "application/json", APP_BODY);
          HaproxyProcess haproxy = HaproxyProcess.start(upstream.port())) {
        Seen seen = fetch(haproxy, "/app");

        assertThat(seen.head().status()).isEqualTo(500);
        assertFailure(seen.diagnose(), 500, Responder.ORIGIN, FailureKind.ORIGIN_ERROR);
      }
    }
  }
}
