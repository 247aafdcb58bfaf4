package dev.failsoft.diagnosis;

import static dev.failsoft.diagnosis.LoopbackClients.Exchange.get;
import static dev.failsoft.diagnosis.LoopbackClients.Exchange.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failsoft.diagnosis.LoopbackClients.Exchange;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.FaultServer.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures only one client can produce: its own timeouts, cancellation and HTTP/2 resets. */
class LoopbackClientSpecificFailureTest {

  private FaultServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = FaultServer.start().mode(Mode.HANG);
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void okHttpCallTimeoutIsAResponseTimeout() {
    Exchange x = post(server.url() + "/order");
    OkHttpClient client =
        new OkHttpClient.Builder()
            .retryOnConnectionFailure(false)
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .callTimeout(300, TimeUnit.MILLISECONDS)
            .build();

    Throwable failure =
        catchThrowable(() -> client.newCall(LoopbackClients.okhttpRequest(x)).execute().close());
    Diagnosis d = Diagnoser.standard().diagnose(x.head(), failure);

    assertThat(d.kind()).isEqualTo(FailureKind.HTTP_RESPONSE_TIMEOUT);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.MAY_HAVE_BEEN_PROCESSED);
  }

  @Test
  void okHttpCallCanceledWhileWaitingIsCanceled() throws Exception {
    Exchange x = get(server.url() + "/");
    Call call =
        LoopbackClients.okhttp(x)
            .newBuilder()
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .build()
            .newCall(LoopbackClients.okhttpRequest(x));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<Response> pending = executor.submit(call::execute);
      awaitRequests(server, 1);
      call.cancel();

      Throwable failure = catchThrowable(pending::get);
      Diagnosis d = Diagnoser.standard().diagnose(x.head(), failure);

      assertThat(d.kind())
          .as("%s <- %s", failure, failure.getCause())
          .isEqualTo(FailureKind.CANCELED);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void okHttpCallCanceledBeforeItStartsIsCanceled() throws Exception {
    Exchange x = get(server.url() + "/");
    Call call = LoopbackClients.okhttp(x).newCall(LoopbackClients.okhttpRequest(x));
    call.cancel();

    Throwable failure = catchThrowable(call::execute);

    assertThat(Diagnoser.standard().diagnose(x.head(), failure).kind())
        .isEqualTo(FailureKind.CANCELED);
  }

  @Test
  void jettyTotalTimeoutIsAResponseTimeout() throws Exception {
    Exchange x = get(server.url() + "/");
    HttpClient client = new HttpClient();
    client.setIdleTimeout(10_000);
    client.start();
    try {
      Throwable failure =
          catchThrowable(() -> client.newRequest(x.url).timeout(300, TimeUnit.MILLISECONDS).send());
      Diagnosis d = Diagnoser.standard().diagnose(x.head(), failure);

      assertThat(d.kind()).isEqualTo(FailureKind.HTTP_RESPONSE_TIMEOUT);
      assertThat(d.retrySafety()).isEqualTo(RetrySafety.IDEMPOTENT_METHOD);
    } finally {
      client.stop();
    }
  }

  @Test
  void javaHttpClientFutureCanceledIsCanceled() throws Exception {
    Exchange x = get(server.url() + "/");
    CompletableFuture<?> pending =
        java.net.http.HttpClient.newHttpClient()
            .sendAsync(
                java.net.http.HttpRequest.newBuilder(URI.create(x.url)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    awaitRequests(server, 1);
    pending.cancel(true);

    Throwable failure = catchThrowable(pending::get);

    assertThat(Diagnoser.standard().diagnose(x.head(), failure).kind())
        .isEqualTo(FailureKind.CANCELED);
  }

  @Test
  void http2StreamResetByTheServerIsAStreamReset() throws Exception {
    try (MockWebServer h2 = new MockWebServer()) {
      h2.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
      h2.enqueue(
          new MockResponse.Builder()
              .onResponseStart(new SocketEffect.CloseStream(0x8)) // RFC 9113 §7: CANCEL
              .build());
      h2.start();
      OkHttpClient client =
          new OkHttpClient.Builder()
              .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
              .retryOnConnectionFailure(false)
              .build();
      Exchange x = post(h2.url("/order").toString());

      Throwable failure =
          catchThrowable(() -> client.newCall(LoopbackClients.okhttpRequest(x)).execute().close());
      Diagnosis plain = Diagnoser.standard().diagnose(x.head(), failure);
      Diagnosis keyed = Diagnoser.standard().diagnose(x.withIdempotencyKey().head(), failure);

      assertThat(failure.getClass().getName())
          .isEqualTo("okhttp3.internal.http2.StreamResetException");
      assertThat(plain.kind()).isEqualTo(FailureKind.HTTP_STREAM_RESET);
      assertThat(plain.retrySafety()).isEqualTo(RetrySafety.MAY_HAVE_BEEN_PROCESSED);
      assertThat(keyed.retrySafety()).isEqualTo(RetrySafety.IDEMPOTENCY_KEY);
    }
  }

  /** Waits until the server has read {@code n} request heads; a condition, not a timing. */
  private static void awaitRequests(FaultServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.requestCount() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.requestCount()).isEqualTo(n);
  }
}
