package dev.failsoft.okhttp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every WireMock fault, over real loopback sockets, through an installed client. */
class WireMockFaultTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(options().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private FakeSleeper sleeper;
  private OkHttpClient client;

  @BeforeEach
  void reset() {
    sleeper = new FakeSleeper();
    client =
        Failsoft.okhttp(TestClients.config(sleeper).build())
            .install(TestClients.base().readTimeout(Duration.ofMillis(300)))
            .build();
  }

  private Request request(String path) {
    return new Request.Builder().url(server.baseUrl() + path).build();
  }

  private UpstreamFailureException failureOf(String path) {
    return catchThrowableOfType(
        UpstreamFailureException.class, () -> client.newCall(request(path)).execute().close());
  }

  @Test
  void connectionResetIsDiagnosedAfterTheRequestWasSentAndRetriedForGet() {
    server.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    UpstreamFailureException e = failureOf("/reset");

    assertThat(e).isInstanceOf(IOException.class);
    assertThat(e.getCause())
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UpstreamFailureException.class);
    Diagnosis d = e.diagnosis();
    assertThat(d.phase()).isIn(Phase.REQUEST, Phase.RESPONSE_HEADERS);
    assertThat(d.kind()).isEqualTo(FailureKind.CONNECTION_TERMINATED);
    assertThat(e.attempts()).hasSize(3);
    assertThat(e.attempts().get(e.attempts().size() - 1).decision().shouldRetry()).isFalse();
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/reset")))).hasSize(e.attempts().size());
  }

  @Test
  void emptyResponseIsDiagnosedWaitingForHeaders() {
    server.stubFor(get("/empty").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    UpstreamFailureException e = failureOf("/empty");

    assertThat(e.diagnosis().phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(e.diagnosis().kind())
        .isIn(FailureKind.CONNECTION_TERMINATED, FailureKind.HTTP_RESPONSE_INCOMPLETE);
    assertThat(e.getCause()).hasMessageContaining("unexpected end of stream");
    assertThat(e.attempts()).hasSize(3);
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/empty")))).hasSize(3);
  }

  @Test
  void randomDataThenCloseIsDiagnosedWaitingForHeaders() {
    server.stubFor(get("/random").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

    UpstreamFailureException e = failureOf("/random");

    assertThat(e.diagnosis().phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(e.attempts()).isNotEmpty();
  }

  @Test
  void malformedChunkFailsTheBodyReadWithADiagnosisOfTheBodyPhase() throws IOException {
    server.stubFor(get("/chunk").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

    try (Response response = client.newCall(request("/chunk")).execute()) {
      assertThat(response.code()).isEqualTo(200);
      UpstreamFailureException e =
          catchThrowableOfType(UpstreamFailureException.class, () -> response.body().string());
      assertThat(e.diagnosis().phase()).isEqualTo(Phase.RESPONSE_BODY);
      assertThat(e.getCause()).isInstanceOf(java.net.ProtocolException.class);
      assertThat(e.attempts()).hasSize(1);
      assertThat(e.attempts().get(0).decision().detail()).contains("already handed to the caller");
    }
  }

  @Test
  void delayPastTheReadTimeoutIsAReadTimeoutWhileWaitingForHeaders() {
    server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));

    UpstreamFailureException e = failureOf("/slow");

    assertThat(e.diagnosis().phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(e.diagnosis().kind()).isEqualTo(FailureKind.CONNECTION_READ_TIMEOUT);
    assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(e.attempts()).hasSize(3);
  }

  @Test
  void healthyResponsesPassThroughUntouched() throws IOException {
    server.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("hello")));

    try (Response response = client.newCall(request("/ok")).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("hello");
      assertThat(Failsoft.diagnosisOf(response)).isEmpty();
      assertThat(Failsoft.attemptsOf(response)).isEmpty();
    }
    assertThat(sleeper.waited()).isZero();
  }
}
