package dev.failsoft.okhttp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A canceled call stops at once: no more waiting, no more attempts. */
class CancellationTest {
  private FaultServer origin;

  @BeforeEach
  void start() throws IOException {
    origin = FaultServer.start();
    // HAProxy's own 503 page: a hop's answer, which core's policy retries.
    String page =
        "<html><body><h1>503 Service Unavailable</h1>\n"
            + "No server is available to handle this request.\n</body></html>\n";
    origin.respond(
        ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 20\r\n"
                + "Content-Type: text/html\r\nCache-Control: no-cache\r\nContent-Length: "
                + page.length()
                + "\r\nConnection: close\r\n\r\n"
                + page)
            .getBytes(ISO_8859_1));
  }

  @AfterEach
  void stop() throws IOException {
    origin.close();
  }

  /** A call running on its own thread, once it is parked between its first and second attempt. */
  private record Waiting(Thread caller, CompletableFuture<Throwable> outcome) {}

  private Waiting startAndAwaitTheWait(Call call) {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                call.execute().close();
                outcome.complete(null);
              } catch (IOException e) {
                outcome.complete(e);
              }
            });
    caller.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // Parked between attempts, not reading the first answer.
    while ((origin.requestCount() == 0 || caller.getState() != Thread.State.TIMED_WAITING)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return new Waiting(caller, outcome);
  }

  @Test
  void cancelingDuringTheWaitBetweenAttemptsEndsTheCallAtOnce() throws Exception {
    // The real sleeper: the wait must be woken by the cancel, not run out.
    FailsoftOkHttp failsoft =
        Failsoft.okhttp(OkHttpConfig.builder().retryPolicy(TestClients.attempts(5)).build());
    OkHttpClient client = failsoft.install(TestClients.base()).build();
    Call call = client.newCall(new Request.Builder().url(origin.url() + "/slow").build());
    Waiting waiting = startAndAwaitTheWait(call);
    assertThat(origin.requestCount()).isEqualTo(1);

    call.cancel();

    Throwable thrown = waiting.outcome().get(5, TimeUnit.SECONDS);
    assertThat(thrown).isInstanceOf(UpstreamFailureException.class);
    UpstreamFailureException e = (UpstreamFailureException) thrown;
    assertThat(e.diagnosis().kind()).isEqualTo(dev.failsoft.diagnosis.FailureKind.CANCELED);
    assertThat(e.attempts()).hasSize(1);
    assertThat(origin.requestCount()).isEqualTo(1);
    assertThat(failsoft.callsInFlight()).isZero();
  }

  @Test
  void aCallCanceledBeforeItRunsMakesNoAttempt() throws IOException {
    OkHttpClient client = TestClients.client(TestClients.config(new FakeSleeper()).build());
    Call call = client.newCall(new Request.Builder().url(origin.url() + "/").build());
    call.cancel();

    CompletableFuture<Void> run =
        CompletableFuture.runAsync(
            () -> {
              try {
                call.execute().close();
              } catch (IOException expected) {
                // Canceled.
              }
            });

    assertThat(run).succeedsWithin(Duration.ofSeconds(5));
    assertThat(origin.requestCount()).isZero();
  }

  @Test
  void interruptingTheWaitingThreadEndsTheCallWithAnInterruptedIoException()
      throws InterruptedException, ExecutionException {
    OkHttpClient client =
        Failsoft.okhttp(OkHttpConfig.builder().retryPolicy(TestClients.attempts(5)).build())
            .install(TestClients.base())
            .build();
    Waiting waiting =
        startAndAwaitTheWait(client.newCall(new Request.Builder().url(origin.url() + "/").build()));

    waiting.caller().interrupt();

    assertThat(waiting.outcome()).succeedsWithin(Duration.ofSeconds(5));
    assertThat(waiting.outcome().get()).isInstanceOf(java.io.InterruptedIOException.class);
    assertThat(origin.requestCount()).isEqualTo(1);
  }
}
