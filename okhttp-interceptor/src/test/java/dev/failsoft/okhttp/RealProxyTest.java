package dev.failsoft.okhttp;

import static dev.failsoft.diagnosis.FailureKind.BAD_GATEWAY;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.GATEWAY_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.SERVICE_UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.HaproxyProcess;
import dev.failsoft.testing.NginxProcess;
import dev.failsoft.testing.ProxyProcess;
import dev.failsoft.testing.UpstreamFault;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Real nginx and HAProxy (started by core's test harness on free loopback ports) in front of a
 * stopped, hanging or resetting backend: the client gets the proxy's answer as it came, and its
 * diagnosis names the proxy and the kind.
 */
class RealProxyTest {

  interface Starter {
    ProxyProcess start(int upstreamPort) throws IOException;
  }

  private FakeSleeper sleeper;
  private OkHttpClient client;

  @BeforeEach
  void client() {
    sleeper = new FakeSleeper();
    client =
        Failsoft.okhttp(TestClients.config(sleeper).retryPolicy(TestClients.attempts(2)).build())
            .install(TestClients.base().readTimeout(Duration.ofSeconds(5)))
            .build();
  }

  /** Sends {@code request} through a fresh proxy in front of {@code fault}; returns the answer. */
  private Outcome through(Starter starter, UpstreamFault fault, String method) throws IOException {
    try (FaultServer upstream = FaultServer.start();
        ProxyProcess proxy = starter.start(fault.arm(upstream))) {
      Request.Builder request = new Request.Builder().url(proxy.url() + fault.path());
      if (method.equals("POST")) {
        request.post(RequestBody.create("{}", MediaType.parse("application/json")));
      }
      try (Response response = client.newCall(request.build()).execute()) {
        String body = response.body().string();
        return new Outcome(
            response.code(),
            body,
            Failsoft.diagnosisOf(response).orElseThrow(),
            Failsoft.attemptsOf(response).size(),
            upstream.requestCount());
      }
    }
  }

  record Outcome(int status, String body, Diagnosis diagnosis, int attempts, int upstreamRequests) {
    void is(int expectedStatus, Responder responder, Set<FailureKind> kinds) {
      assertThat(status).isEqualTo(expectedStatus);
      assertThat(diagnosis.status()).hasValue(expectedStatus);
      assertThat(diagnosis.responder()).isEqualTo(responder);
      assertThat(diagnosis.kind()).isIn(kinds);
    }
  }

  @Nested
  class Nginx {
    @BeforeEach
    void installed() {
      NginxProcess.assumeInstalled();
    }

    @Test
    void stoppedBackendIsA502FromNginxReturnedWithItsPage() throws IOException {
      Outcome o = through(NginxProcess::start, UpstreamFault.REFUSED, "GET");

      o.is(502, Responder.NGINX, EnumSet.of(BAD_GATEWAY));
      assertThat(o.body()).contains("502 Bad Gateway");
      assertThat(o.attempts()).isEqualTo(2);
    }

    @Test
    void hangingBackendIsA504FromNginx() throws IOException {
      Outcome o = through(NginxProcess::start, UpstreamFault.HANG, "GET");

      o.is(504, Responder.NGINX, EnumSet.of(HTTP_RESPONSE_TIMEOUT, GATEWAY_TIMEOUT));
    }

    @Test
    void resettingBackendIsA502AndAPostIsNotRepeated() throws IOException {
      Outcome o = through(NginxProcess::start, UpstreamFault.RESET, "POST");

      o.is(502, Responder.NGINX, EnumSet.of(BAD_GATEWAY));
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.upstreamRequests()).isEqualTo(1);
    }
  }

  @Nested
  class Haproxy {
    @BeforeEach
    void installed() {
      HaproxyProcess.assumeInstalled();
    }

    @Test
    void stoppedBackendIsA503FromHaproxy() throws IOException {
      Outcome o = through(HaproxyProcess::start, UpstreamFault.REFUSED, "GET");

      o.is(503, Responder.HAPROXY, EnumSet.of(DESTINATION_UNAVAILABLE, SERVICE_UNAVAILABLE));
      assertThat(o.attempts()).isEqualTo(2);
    }

    @Test
    void aPostIsRepeatedWhenHaproxySaysItNeverReachedAServer() throws IOException {
      Outcome o = through(HaproxyProcess::start, UpstreamFault.REFUSED, "POST");

      o.is(503, Responder.HAPROXY, EnumSet.of(DESTINATION_UNAVAILABLE, SERVICE_UNAVAILABLE));
      assertThat(o.diagnosis().phase().isBeforeRequestSent()).isTrue();
      assertThat(o.attempts()).isEqualTo(2);
    }

    @Test
    void hangingBackendIsA504FromHaproxy() throws IOException {
      Outcome o = through(HaproxyProcess::start, UpstreamFault.HANG, "GET");

      o.is(504, Responder.HAPROXY, EnumSet.of(HTTP_RESPONSE_TIMEOUT, GATEWAY_TIMEOUT));
    }

    @Test
    void resettingBackendIsA502AndAPostIsNotRepeated() throws IOException {
      Outcome o = through(HaproxyProcess::start, UpstreamFault.RESET, "POST");

      o.is(
          502,
          Responder.HAPROXY,
          EnumSet.of(BAD_GATEWAY, HTTP_PROTOCOL_ERROR, HTTP_RESPONSE_INCOMPLETE));
      assertThat(o.upstreamRequests()).isEqualTo(1);
    }
  }
}
