package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.RetrySafety;
import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An origin that counts what it receives proves that a POST is never sent twice. */
class PostSafetyTest {
  private static final MediaType JSON = MediaType.parse("application/json");
  private FaultServer origin;
  private FakeSleeper sleeper;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    origin = FaultServer.start();
    sleeper = new FakeSleeper();
    client =
        Failsoft.okhttp(TestClients.config(sleeper).build())
            .install(TestClients.base().readTimeout(Duration.ofMillis(300)))
            .build();
  }

  @AfterEach
  void stop() throws IOException {
    origin.close();
  }

  private static Request post(String url) {
    return new Request.Builder()
        .url(url + "/orders")
        .post(RequestBody.create("{\"qty\":1}", JSON))
        .build();
  }

  private UpstreamFailureException failureOf(Request request) {
    return catchThrowableOfType(
        UpstreamFailureException.class, () -> client.newCall(request).execute().close());
  }

  @Test
  void postIsNotRepeatedWhenTheConnectionIsResetAfterItWasSent() {
    origin.mode(FaultServer.Mode.RESET);

    UpstreamFailureException e = failureOf(post(origin.url()));

    assertThat(origin.requestCount()).isEqualTo(1);
    assertThat(e.attempts()).hasSize(1);
    assertThat(e.diagnosis().phase().isBeforeRequestSent()).isFalse();
    assertThat(e.diagnosis().retrySafety()).isEqualTo(RetrySafety.MAY_HAVE_BEEN_PROCESSED);
    assertThat(e.diagnosis().retryable()).isFalse();
  }

  @Test
  void postIsNotRepeatedWhenTheOriginHangsPastTheReadTimeout() {
    origin.mode(FaultServer.Mode.HANG);

    UpstreamFailureException e = failureOf(post(origin.url()));

    assertThat(origin.requestCount()).isEqualTo(1);
    assertThat(e.diagnosis().phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(e.attempts()).hasSize(1);
  }

  @Test
  void postIsNotRepeatedAfterAGatewayError() throws IOException {
    origin.respond(503, "Service Unavailable", "text/plain", "busy");

    try (Response response = client.newCall(post(origin.url())).execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.body().string()).isEqualTo("busy");
    }
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void postThatNeverLeftIsDiagnosedAtConnectAndSafeToRepeat() throws IOException {
    UpstreamFailureException e = failureOf(post("http://127.0.0.1:" + FaultServer.closedPort()));

    assertThat(e.diagnosis().phase()).isEqualTo(Phase.CONNECT);
    assertThat(e.diagnosis().kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(e.diagnosis().retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
    assertThat(e.attempts()).hasSize(3);
    assertThat(e.attempts().get(0).decision().toString()).startsWith("retry in 100 ms");
  }

  @Test
  void postWithAnIdempotencyKeyIsRepeatedAfterAReset() {
    origin.mode(FaultServer.Mode.RESET);
    Request request = post(origin.url()).newBuilder().header("Idempotency-Key", "order-42").build();

    UpstreamFailureException e = failureOf(request);

    assertThat(e.diagnosis().retrySafety()).isEqualTo(RetrySafety.IDEMPOTENCY_KEY);
    assertThat(e.attempts()).hasSize(3);
    assertThat(origin.requestCount()).isEqualTo(3);
    assertThat(sleeper.waited()).isEqualTo(Duration.ofMillis(100 + 200));
  }

  @Test
  void oneShotBodiesAreNeverReplayed() throws IOException {
    RequestBody oneShot =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return JSON;
          }

          @Override
          public void writeTo(okio.BufferedSink sink) throws IOException {
            sink.writeUtf8("{}");
          }

          @Override
          public boolean isOneShot() {
            return true;
          }
        };
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + FaultServer.closedPort())
            .put(oneShot)
            .build();

    UpstreamFailureException e = failureOf(request);

    assertThat(e.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.decision().detail()).contains("one-shot"));
  }
}
