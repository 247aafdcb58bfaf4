package dev.failsoft.webflux;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.RetrySafety;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** The WebClient filter against a real WireMock server on loopback, with real faults. */
class FailsoftExchangeFilterFunctionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final RetryPolicy QUICK =
      RetryPolicy.builder()
          .maxAttempts(3)
          .base(Duration.ofMillis(10))
          .cap(Duration.ofMillis(50))
          .build();

  private final WireMockServer origin =
      new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
  private final List<RetryDecision> scheduled = new CopyOnWriteArrayList<>();
  private final List<String> staleServed = new CopyOnWriteArrayList<>();
  private final FailsoftListener recording =
      new FailsoftListener() {
        @Override
        public void onRetryScheduled(String key, int attempt, RetryDecision decision) {
          scheduled.add(decision);
        }

        @Override
        public void onStaleServed(String key, String reason) {
          staleServed.add(reason);
        }
      };

  @BeforeEach
  void start() {
    LeakWatch.install();
    origin.start();
  }

  @AfterEach
  void stop() {
    origin.stop();
  }

  @AfterAll
  static void noBufferLeaked() {
    LeakWatch.assertNoLeaks();
  }

  private WebClient client(FailsoftExchangeFilterFunction.Builder filter) {
    return WebClient.builder().filter(filter.listener(recording).build()).build();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + origin.port() + path;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void retriesARefusedConnectionAndEndsWithItsDiagnosis() throws Exception {
    WebClient client = client(FailsoftExchangeFilterFunction.builder().retryPolicy(QUICK));

    UpstreamFailureException failure =
        catchThrowableOfType(
            UpstreamFailureException.class,
            () ->
                client
                    .get()
                    .uri("http://127.0.0.1:" + closedPort() + "/x")
                    .retrieve()
                    .toEntity(String.class)
                    .block(WAIT));

    assertThat(failure.attempts()).isEqualTo(3);
    assertThat(failure.diagnosis().kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(scheduled).hasSize(2);
  }

  @Test
  void retriesAGetWhoseConnectionWasResetAndReturnsTheNextAnswer() {
    origin.stubFor(
        get("/reset")
            .inScenario("reset")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("answering"));
    origin.stubFor(
        get("/reset")
            .inScenario("reset")
            .whenScenarioStateIs("answering")
            .willReturn(aResponse().withStatus(200).withBody("second time")));
    WebClient client = client(FailsoftExchangeFilterFunction.builder().retryPolicy(QUICK));

    ResponseEntity<String> answer =
        requireNonNull(
            client.get().uri(url("/reset")).retrieve().toEntity(String.class).block(WAIT));

    assertThat(answer.getBody()).isEqualTo("second time");
    origin.verify(2, getRequestedFor(urlEqualTo("/reset")));
  }

  @Test
  void waitsOutA503sRetryAfterBeforeTheNextAttempt() {
    origin.stubFor(
        get("/busy")
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
            .willSetStateTo("free"));
    origin.stubFor(
        get("/busy")
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(aResponse().withStatus(200).withBody("done")));
    WebClient client =
        client(
            FailsoftExchangeFilterFunction.builder()
                .retryPolicy(
                    RetryPolicy.builder()
                        .maxAttempts(3)
                        .base(Duration.ofMillis(10))
                        .deadline(Duration.ofSeconds(10))
                        .build()));

    ResponseEntity<String> answer =
        requireNonNull(
            client.get().uri(url("/busy")).retrieve().toEntity(String.class).block(WAIT));

    assertThat(answer.getBody()).isEqualTo("done");
    assertThat(scheduled)
        .singleElement()
        .satisfies(d -> assertThat(d.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    origin.verify(2, getRequestedFor(urlEqualTo("/busy")));
  }

  @Test
  void neverRepeatsAPostThatMayHaveBeenProcessed() {
    origin.stubFor(
        post("/orders").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    WebClient client = client(FailsoftExchangeFilterFunction.builder().retryPolicy(QUICK));

    UpstreamFailureException failure =
        catchThrowableOfType(
            UpstreamFailureException.class,
            () ->
                client
                    .post()
                    .uri(url("/orders"))
                    .bodyValue("{\"item\":1}")
                    .retrieve()
                    .toEntity(String.class)
                    .block(WAIT));

    assertThat(failure.diagnosis().retrySafety()).isEqualTo(RetrySafety.MAY_HAVE_BEEN_PROCESSED);
    assertThat(failure.attempts()).isEqualTo(1);
    origin.verify(1, postRequestedFor(urlEqualTo("/orders")));
  }

  @Test
  void servesTheStoredCopyWhenTheUpstreamFailsLater() {
    origin.stubFor(
        get("/page")
            .inScenario("page")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Cache-Control", "max-age=1, stale-if-error=60")
                    .withBody("the good page"))
            .willSetStateTo("down"));
    origin.stubFor(
        get("/page")
            .inScenario("page")
            .whenScenarioStateIs("down")
            .willReturn(aResponse().withStatus(502).withBody("bad gateway")));
    WebClient client =
        client(
            FailsoftExchangeFilterFunction.builder()
                .retryPolicy(QUICK)
                .staleIfError(StalePolicy.privateCache().build()));

    String first = client.get().uri(url("/page")).retrieve().bodyToMono(String.class).block(WAIT);
    ResponseEntity<String> stale =
        requireNonNull(
            client.get().uri(url("/page")).retrieve().toEntity(String.class).block(WAIT));

    assertThat(first).isEqualTo("the good page");
    assertThat(stale.getStatusCode().value()).isEqualTo(200);
    assertThat(stale.getBody()).isEqualTo("the good page");
    assertThat(stale.getHeaders().getFirst("Cache-Status")).contains("fwd=stale");
    assertThat(staleServed).hasSize(1);
  }

  @Test
  void aFinalFailureResponseCarriesItsDiagnosisAsProxyStatus() {
    origin.stubFor(
        get("/down")
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("Server", "nginx")
                    .withBody("<center>nginx</center>")));
    WebClient client = client(FailsoftExchangeFilterFunction.builder().retryPolicy(QUICK));

    WebClientResponseException failure =
        catchThrowableOfType(
            WebClientResponseException.class,
            () -> client.get().uri(url("/down")).retrieve().toEntity(String.class).block(WAIT));

    assertThat(failure.getStatusCode().value()).isEqualTo(502);
    assertThat(failure.getResponseBodyAsString()).contains("nginx");
    assertThat(failure.getHeaders().getFirst("Proxy-Status")).startsWith("Failsoft");
  }

  @Test
  void anOpenCircuitFailsFastWithoutSending() throws Exception {
    WebClient client =
        client(
            FailsoftExchangeFilterFunction.builder()
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
                .circuitBreaker(
                    CircuitBreaker.builder()
                        .consecutiveGatewayFailures(2)
                        .openDuration(Duration.ofMinutes(1))));
    String dead = "http://127.0.0.1:" + closedPort() + "/x";
    for (int i = 0; i < 2; i++) {
      assertThat(
              catchThrowableOfType(
                  UpstreamFailureException.class,
                  () -> client.get().uri(dead).retrieve().toEntity(String.class).block(WAIT)))
          .isNotNull();
    }

    UpstreamFailureException open =
        catchThrowableOfType(
            UpstreamFailureException.class,
            () -> client.get().uri(dead).retrieve().toEntity(String.class).block(WAIT));

    assertThat(open.attempts()).isZero();
    assertThat(open.diagnosis().retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
  }
}
