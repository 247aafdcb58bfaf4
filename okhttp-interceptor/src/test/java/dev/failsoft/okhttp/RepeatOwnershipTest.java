package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every repeat of a request is Failsoft's: OkHttp's own follow-ups for {@code 503 Retry-After: 0}
 * and {@code 408} never send a request again beneath it. A raw origin counts what it receives.
 */
class RepeatOwnershipTest {
  private static final MediaType JSON = MediaType.parse("application/json");
  private FaultServer origin;

  @BeforeEach
  void start() throws IOException {
    origin = FaultServer.start();
  }

  @AfterEach
  void stop() throws IOException {
    origin.close();
  }

  private static byte[] answer(String statusLine, String... fields) {
    return FaultServer.raw(
        statusLine
            + "\r\n"
            + String.join("\r\n", fields)
            + (fields.length == 0 ? "" : "\r\n")
            + "Content-Length: 4\r\nConnection: close",
        "busy");
  }

  private Request post() {
    return new Request.Builder()
        .url(origin.url() + "/orders")
        .post(RequestBody.create("{\"qty\":1}", JSON))
        .build();
  }

  private Request get() {
    return new Request.Builder().url(origin.url() + "/page").build();
  }

  private static OkHttpClient client(OkHttpConfig.Builder config) {
    return TestClients.client(config.build());
  }

  @Test
  void postWithoutIdempotencyKeyReachesTheOriginOnceWhenItAnswers503RetryAfterZero()
      throws IOException {
    origin.respond(answer("HTTP/1.1 503 Service Unavailable", "Retry-After: 0"));
    OkHttpClient client = client(TestClients.config(new FakeSleeper()));

    try (Response response = client.newCall(post()).execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("0");
      assertThat(Failsoft.attemptsOf(response)).hasSize(1);
    }
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void getIsSentExactlyAsOftenAsFailsoftAttemptsOnA503RetryAfterZero() throws IOException {
    origin.respond(answer("HTTP/1.1 503 Service Unavailable", "Retry-After: 0"));
    OkHttpClient client = client(TestClients.config(new FakeSleeper()));

    try (Response response = client.newCall(get()).execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(Failsoft.attemptsOf(response)).hasSize(3);
    }
    assertThat(origin.requestCount()).isEqualTo(3);
  }

  @Test
  void postReachesTheOriginOnceOnA408EvenWithOkHttpConnectionRetriesKept() throws IOException {
    origin.respond(answer("HTTP/1.1 408 Request Timeout"));
    OkHttpClient client =
        client(TestClients.config(new FakeSleeper()).keepOkHttpConnectionRetries(true));

    try (Response response = client.newCall(post()).execute()) {
      assertThat(response.code()).isEqualTo(408);
      assertThat(response.header("Retry-After")).isNull();
      assertThat(response.headers().names()).noneMatch(n -> n.startsWith("Failsoft-"));
    }
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void attemptsOfListsTheFailedAttemptsBehindARetryThatSucceeded() throws IOException {
    origin
        .respondFirst(answer("HTTP/1.1 502 Bad Gateway"), answer("HTTP/1.1 503 Unavailable"))
        .respond(FaultServer.http(200, "OK", "text/plain", "fine"));
    OkHttpClient client = client(TestClients.config(new FakeSleeper()));

    try (Response response = client.newCall(get()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("fine");
      assertThat(Failsoft.attemptsOf(response)).extracting(Attempt::number).containsExactly(1, 2);
      assertThat(Failsoft.diagnosisOf(response)).isEmpty();
    }
    assertThat(origin.requestCount()).isEqualTo(3);
  }

  @Test
  void aRetryAfterBeyondIntegerRangeIsAnsweredNotThrown() throws IOException {
    origin.respond(answer("HTTP/1.1 503 Service Unavailable", "Retry-After: 2147483648"));
    OkHttpClient client = client(TestClients.config(new FakeSleeper()));

    try (Response response = client.newCall(get()).execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("2147483648");
      assertThat(Failsoft.diagnosisOf(response)).isPresent();
    }
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void aNegativeContentLengthIsADiagnosedUpstreamFailure() {
    origin.respond(
        FaultServer.raw("HTTP/1.1 200 OK\r\nContent-Length: -5\r\nConnection: close", "abcde"));
    OkHttpClient client = client(TestClients.config(new FakeSleeper()));

    UpstreamFailureException e =
        catchThrowableOfType(
            UpstreamFailureException.class,
            () -> {
              try (Response response = client.newCall(get()).execute()) {
                response.body().string();
              }
            });

    assertThat(e).isNotNull();
    assertThat(e.diagnosis().summary()).isNotBlank();
    assertThat(e.getCause()).hasMessageContaining("Content-Length: -5");
    assertThat(origin.requestCount()).isEqualTo(e.attempts().size());
  }

  @Test
  void conflictingContentLengthsAreAFailureAndNeverTheStaleCopy() throws IOException {
    origin.respond(
        FaultServer.raw(
            "HTTP/1.1 200 OK\r\nCache-Control: max-age=0, stale-if-error=600\r\n"
                + "Content-Length: 5\r\nContent-Length: 7\r\nConnection: close",
            "abcdefg"));
    OkHttpClient client =
        client(
            TestClients.config(new FakeSleeper())
                .staleIfError(dev.failsoft.cache.StalePolicy.privateCache().build())
                .staleStore(dev.failsoft.cache.CaffeineStaleStore.builder().build()));

    UpstreamFailureException e =
        catchThrowableOfType(
            UpstreamFailureException.class, () -> client.newCall(get()).execute().close());
    assertThat(e).isNotNull();
    assertThat(e.getCause()).hasMessageContaining("Content-Length: 5, 7");

    origin.respond(answer("HTTP/1.1 500 Internal Server Error"));
    try (Response response = client.newCall(get()).execute()) {
      assertThat(response.code()).isEqualTo(500);
      assertThat(response.header("Cache-Status")).isNull();
    }
  }
}
