package dev.failsoft.okhttp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.HttpDate;
import dev.failsoft.okhttp.internal.Sleeper;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 502/503/504 answers: diagnosed, retried per policy, and handed back as they came. */
class FailureResponseTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

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
    Diagnoser diagnoser = Diagnoser.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    // A breaker that never trips, so that one host's failures across a test do not fail fast.
    // It reads the configuration's ticker (the fake sleeper), so a Retry-After hold ends when the
    // fake wait does.
    CircuitBreaker.Config tolerant =
        CircuitBreaker.builder()
            .windowSize(10_000)
            .minimumCalls(10_000)
            .consecutiveGatewayFailures(10_000)
            .config();
    client =
        TestClients.client(
            TestClients.config(sleeper).diagnoser(diagnoser).circuitBreaker(tolerant).build());
  }

  private Response call(String path) throws IOException {
    return client.newCall(new Request.Builder().url(server.baseUrl() + path).build()).execute();
  }

  private long requests(String path) {
    return server.findAll(getRequestedFor(urlEqualTo(path))).size();
  }

  @Test
  void honoursRetryAfterInSecondsThenReturnsTheRecoveredResponse() throws IOException {
    server.stubFor(
        get("/seconds")
            .inScenario("s")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7").withBody("busy"))
            .willSetStateTo("up"));
    server.stubFor(
        get("/seconds")
            .inScenario("s")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody("fine")));

    try (Response response = call("/seconds")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("fine");
    }
    assertThat(requests("/seconds")).isEqualTo(2);
    assertThat(sleeper.waited()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void holdsNoConnectionWhileWaitingBetweenAttempts() throws IOException {
    server.stubFor(
        get("/pool")
            .inScenario("p")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withBody("busy"))
            .willSetStateTo("up"));
    server.stubFor(
        get("/pool")
            .inScenario("p")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody("fine")));
    List<Connection> acquired = new CopyOnWriteArrayList<>();
    EventListener user =
        new EventListener() {
          @Override
          public void connectionAcquired(Call call, Connection connection) {
            acquired.add(connection);
          }
        };
    List<Boolean> closedWhileWaiting = new CopyOnWriteArrayList<>();
    Sleeper inspecting =
        new Sleeper() {
          @Override
          public long nanoTime() {
            return sleeper.nanoTime();
          }

          @Override
          public void park(long nanos) {
            closedWhileWaiting.add(acquired.get(acquired.size() - 1).socket().isClosed());
            sleeper.park(nanos);
          }
        };
    ConnectionPool pool = new ConnectionPool();
    OkHttpClient pooled =
        Failsoft.okhttp(
                OkHttpConfig.builder()
                    .sleeper(inspecting)
                    .retryPolicy(TestClients.attempts(3))
                    .build())
            .install(TestClients.base().connectionPool(pool).eventListener(user))
            .build();

    try (Response response =
        pooled.newCall(new Request.Builder().url(server.baseUrl() + "/pool").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("fine");
    }
    // The 503's keep-alive connection was closed before the wait; the retry connected afresh.
    assertThat(closedWhileWaiting).isNotEmpty().containsOnly(true);
    assertThat(acquired).hasSize(2).doesNotHaveDuplicates();
    assertThat(pool.connectionCount()).isEqualTo(1);
  }

  @Test
  void honoursRetryAfterAsAnHttpDate() throws IOException {
    String date = HttpDate.format(NOW.plusSeconds(30));
    server.stubFor(
        get("/date")
            .inScenario("d")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(502).withHeader("Retry-After", date))
            .willSetStateTo("up"));
    server.stubFor(
        get("/date")
            .inScenario("d")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody("fine")));

    try (Response response = call("/date")) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(sleeper.waited()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void returnsTheFinalFailureResponseAsItCameWithItsDiagnosis() throws IOException {
    String body = "<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(20_000) + "</body></html>";
    server.stubFor(
        get("/down")
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("Server", "nginx/1.22.1")
                    .withHeader("Content-Type", "text/html")
                    .withBody(body)));

    try (Response response = call("/down")) {
      assertThat(response.code()).isEqualTo(502);
      assertThat(response.header("Server")).isEqualTo("nginx/1.22.1");
      // The peek took at most 8 KiB without consuming: the caller reads every byte.
      assertThat(response.body().string()).isEqualTo(body);
      Diagnosis d = Failsoft.diagnosisOf(response).orElseThrow();
      assertThat(d.status()).hasValue(502);
      assertThat(response.header("Proxy-Status")).startsWith("Failsoft");
      // A 502 whose page is not a known hop's is the origin's: core's policy does not retry it
      // (real nginx and HAProxy answers are retried: RealProxyTest).
      assertThat(Failsoft.attemptsOf(response)).hasSize(1);
    }
    assertThat(requests("/down")).isEqualTo(1);
  }

  @Test
  void binaryFailureBodiesAreDiagnosedAndHandedBackByteForByte() throws IOException {
    byte[] noise = new byte[20_000];
    new java.util.Random(42).nextBytes(noise);
    server.stubFor(
        get("/noise")
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withBody(noise)));

    try (Response response = call("/noise")) {
      assertThat(response.code()).isEqualTo(502);
      assertThat(response.body().bytes()).isEqualTo(noise);
      assertThat(Failsoft.diagnosisOf(response))
          .hasValueSatisfying(d -> assertThat(d.status()).hasValue(502));
    }
  }

  @Test
  void anOpenCircuitFailsFastWithoutContactingTheHost() throws IOException {
    server.stubFor(get("/trip").willReturn(aResponse().withStatus(503)));
    OkHttpClient guarded =
        TestClients.client(
            TestClients.config(sleeper).retryPolicy(TestClients.attempts(1)).build());
    Request request = new Request.Builder().url(server.baseUrl() + "/trip").build();
    for (int i = 0; i < 5; i++) {
      try {
        guarded.newCall(request).execute().close();
      } catch (UpstreamFailureException slowMachine) {
        // A read timeout on a loaded machine is a gateway failure too; it trips the same way.
      }
    }

    UpstreamFailureException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            UpstreamFailureException.class, () -> guarded.newCall(request).execute().close());

    assertThat(e.diagnosis().kind())
        .isEqualTo(dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE);
    assertThat(e.diagnosis().phase().isBeforeRequestSent()).isTrue();
    assertThat(requests("/trip")).isEqualTo(5);
  }

  @Test
  void doesNotRetryAnOriginError() throws IOException {
    server.stubFor(
        get("/bug")
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"npe\"}")));

    try (Response response = call("/bug")) {
      assertThat(response.code()).isEqualTo(500);
      assertThat(response.body().string()).isEqualTo("{\"error\":\"npe\"}");
      assertThat(Failsoft.diagnosisOf(response)).isPresent();
    }
    assertThat(requests("/bug")).isEqualTo(1);
  }

  @Test
  void neverWaitsPastTheCallTimeout() throws IOException {
    server.stubFor(
        get("/later").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")));
    OkHttpClient bounded = client.newBuilder().callTimeout(Duration.ofSeconds(5)).build();

    try (Response response =
        bounded.newCall(new Request.Builder().url(server.baseUrl() + "/later").build()).execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(Failsoft.attemptsOf(response))
          .singleElement()
          .satisfies(a -> assertThat(a.decision().detail()).contains("past the call timeout"));
    }
    assertThat(sleeper.waited()).isZero();
    assertThat(requests("/later")).isEqualTo(1);
  }

  @Test
  void absurdRetryAfterValuesNeverBreakTheCall() throws IOException {
    // Digits beyond an int are left out: OkHttp's own 503 follow-up throws on them
    // (NumberFormatException in RetryAndFollowUpInterceptor, 4.12 and 5.5), below Failsoft.
    // A hint past the cap still holds the host back for the capped time; this test is about
    // parsing, so each value gets a client whose policy does not hold hosts.
    OkHttpClient unheld =
        TestClients.client(
            TestClients.config(sleeper)
                .retryPolicy(
                    RetryPolicy.builder().maxAttempts(3).holdHostOnRetryAfter(false).build())
                .circuitBreaker(
                    CircuitBreaker.builder()
                        .consecutiveGatewayFailures(10_000)
                        .minimumCalls(10_000)
                        .windowSize(10_000)
                        .config())
                .build());
    for (String value : new String[] {"2147483647", "soon", "-5", "Thu, 99 Foo 2026"}) {
      server.stubFor(
          get("/absurd").willReturn(aResponse().withStatus(503).withHeader("Retry-After", value)));

      try (Response response =
          unheld
              .newBuilder()
              .callTimeout(Duration.ofSeconds(5))
              .build()
              .newCall(new Request.Builder().url(server.baseUrl() + "/absurd").build())
              .execute()) {
        assertThat(response.code()).as(value).isEqualTo(503);
        assertThat(Failsoft.diagnosisOf(response)).as(value).isPresent();
      }
    }
    assertThat(sleeper.waited()).isLessThan(Duration.ofSeconds(5));
  }
}
