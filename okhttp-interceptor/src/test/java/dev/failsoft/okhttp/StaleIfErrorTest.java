package dev.failsoft.okhttp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failsoft.cache.CacheStatus;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale-if-error for clients, private-cache profile, over a real loopback origin. */
class StaleIfErrorTest {
  private static final String CACHEABLE = "Cache-Control: max-age=10, stale-if-error=600\r\n";
  private FaultServer origin;
  private MutableClock clock;
  private CaffeineStaleStore store;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    origin = FaultServer.start();
    clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    store = CaffeineStaleStore.builder().build();
    client = client(TestClients.base());
  }

  @AfterEach
  void stop() throws IOException {
    origin.close();
  }

  private final List<String> events = new CopyOnWriteArrayList<>();

  private OkHttpClient client(OkHttpClient.Builder base) {
    StalePolicy policy = StalePolicy.privateCache().maxBodyBytes(1024).exposeDetail(true).build();
    FailsoftListener listener =
        new FailsoftListener() {
          @Override
          public void onRetryScheduled(String key, int attempt, RetryDecision decision) {
            events.add("retry " + attempt);
          }

          @Override
          public void onRetryDenied(String key, int attempt, RetryDecision decision) {
            events.add("denied " + attempt);
          }

          @Override
          public void onStaleServed(String key, String reason) {
            events.add("stale " + key.startsWith("127.0.0.1:"));
            throw new IllegalStateException("a broken listener never breaks a call");
          }
        };
    OkHttpConfig config =
        TestClients.config(new FakeSleeper())
            .clock(clock)
            .staleIfError(policy)
            .staleStore(store)
            .listener(listener)
            .build();
    return Failsoft.okhttp(config).install(base).build();
  }

  private static byte[] response(String headers, String body) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            + headers
            + "Content-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body)
        .getBytes(ISO_8859_1);
  }

  private Response get(String path) throws IOException {
    return client.newCall(new Request.Builder().url(origin.url() + path).build()).execute();
  }

  private String read(String path) throws IOException {
    try (Response response = get(path)) {
      return response.body().string();
    }
  }

  @Test
  void servesTheStoredCopyMarkedStaleWhenTheUpstreamAnswers503() throws IOException {
    origin.respond(response(CACHEABLE, "version 1"));
    assertThat(read("/page")).isEqualTo("version 1");
    clock.advance(Duration.ofSeconds(60));
    origin.respond(
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n"
                + "Connection: close\r\n\r\nbusy")
            .getBytes(ISO_8859_1));

    try (Response response = get("/page")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("version 1");
      assertThat(response.header("Age")).isEqualTo("60");
      String status = response.header(CacheStatus.HEADER);
      assertThat(status)
          .contains("fwd=stale")
          .contains("fwd-status=503")
          .contains("ttl=-50")
          .contains("detail=");
      Diagnosis d = Failsoft.diagnosisOf(response).orElseThrow();
      assertThat(d.status()).hasValue(503);
      assertThat(Failsoft.attemptsOf(response)).hasSize(3);
    }
    assertThat(events).containsExactly("retry 1", "retry 2", "denied 3", "stale true");
  }

  @Test
  void answersAHeadFromTheStoredGetWhenTheUpstreamFails() throws IOException {
    origin.respond(response(CACHEABLE, "version 1"));
    assertThat(read("/page")).isEqualTo("version 1");
    origin.respond(
        ("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(ISO_8859_1));

    Request head = new Request.Builder().url(origin.url() + "/page").head().build();
    try (Response response = client.newCall(head).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Length")).isEqualTo("9");
      assertThat(response.header(CacheStatus.HEADER)).contains("fwd=stale");
      assertThat(response.body().bytes()).isEmpty();
    }
  }

  @Test
  void servesTheStoredCopyWithoutContactingTheHostWhileTheCircuitIsOpen() throws IOException {
    origin.respond(response(CACHEABLE, "version 1"));
    assertThat(read("/page")).isEqualTo("version 1");
    origin.respond(
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n" + "Connection: close\r\n\r\n")
            .getBytes(ISO_8859_1));
    read("/page");
    read("/page");
    int before = origin.requestCount();

    try (Response response = get("/page")) {
      assertThat(response.body().string()).isEqualTo("version 1");
      assertThat(response.header(CacheStatus.HEADER)).contains("fwd=stale");
      assertThat(Failsoft.diagnosisOf(response).orElseThrow().kind())
          .isEqualTo(dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE);
    }
    assertThat(origin.requestCount()).isEqualTo(before);
  }

  @Test
  void servesTheStoredCopyWhenTheUpstreamDropsConnections() throws IOException {
    origin.respond(response(CACHEABLE, "version 1"));
    assertThat(read("/page")).isEqualTo("version 1");
    // Not a closed port: on a busy machine another process may bind it before the retry.
    origin.mode(FaultServer.Mode.CLOSE_IMMEDIATELY);

    try (Response response = get("/page")) {
      assertThat(response.body().string()).isEqualTo("version 1");
      assertThat(response.header(CacheStatus.HEADER)).contains("fwd=stale");
      assertThat(Failsoft.diagnosisOf(response)).isPresent();
    }
  }

  @Test
  void bodiesOverTheCapStreamThroughWholeAndAreNotStored() throws IOException {
    // No Content-Length: the size is only known by reading, so the copy is dropped mid-stream.
    String big = "0123456789".repeat(500);
    origin.respond(
        ("HTTP/1.1 200 OK\r\n" + CACHEABLE + "Connection: close\r\n\r\n" + big)
            .getBytes(ISO_8859_1));
    assertThat(read("/big")).isEqualTo(big);
    origin.mode(FaultServer.Mode.RESET);

    UpstreamFailureException e =
        catchThrowableOfType(UpstreamFailureException.class, () -> get("/big").close());

    assertThat(e).isNotNull();
    assertThat(store.urlCount()).isZero();
  }

  @Test
  void refusesStaleWhenTheStoredResponseForbidsIt() throws IOException {
    origin.respond(response("Cache-Control: max-age=10, must-revalidate\r\n", "strict"));
    assertThat(read("/strict")).isEqualTo("strict");
    clock.advance(Duration.ofSeconds(60));
    origin.mode(FaultServer.Mode.RESET);

    assertThat(catchThrowableOfType(UpstreamFailureException.class, () -> get("/strict").close()))
        .isNotNull();
  }

  @Test
  void aBodyTheCallerNeverFinishesIsNotStored() throws IOException {
    origin.respond(response(CACHEABLE, "version 1"));
    try (Response response = get("/page")) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(store.urlCount()).isZero();
  }

  @Test
  void worksBesideOkHttpsOwnCache(@TempDir Path dir) throws IOException {
    Cache cache = new Cache(Files.createDirectories(dir.resolve("http")).toFile(), 1 << 20);
    client = client(TestClients.base().cache(cache));
    origin.respond(response(CACHEABLE, "version 1"));
    assertThat(read("/page")).isEqualTo("version 1");
    // Fresh: OkHttp's cache answers and the origin sees nothing.
    assertThat(read("/page")).isEqualTo("version 1");
    assertThat(cache.hitCount()).isEqualTo(1);
    assertThat(origin.requestCount()).isEqualTo(1);
    origin.mode(FaultServer.Mode.RESET);

    // Forced to the network, the failure falls back to Failsoft's copy.
    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url(origin.url() + "/page")
                    .cacheControl(okhttp3.CacheControl.FORCE_NETWORK)
                    .build())
            .execute()) {
      assertThat(response.body().string()).isEqualTo("version 1");
      assertThat(response.header(CacheStatus.HEADER)).contains("fwd=stale");
    }
    cache.close();
  }
}
