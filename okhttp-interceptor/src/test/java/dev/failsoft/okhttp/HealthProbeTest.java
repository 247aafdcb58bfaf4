package dev.failsoft.okhttp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes on the application's own client bypass Failsoft's retries. */
class HealthProbeTest {
  private FaultServer origin;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    origin = FaultServer.start();
    client = TestClients.client(TestClients.config(new FakeSleeper()).maxAttempts(5).build());
  }

  @AfterEach
  void stop() throws IOException {
    origin.close();
  }

  private OkHttpHealthProbe probe(String base) {
    return OkHttpHealthProbe.of(client, HttpUrl.get(base + "/health"));
  }

  @Test
  void aHealthyUpstreamPassesWithOneRequest() {
    assertThat(probe(origin.url()).check()).isEmpty();
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void aFailingUpstreamIsDiagnosedFromOneRequestWithoutRetries() {
    origin.respond(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
        + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));

    Optional<Diagnosis> d = probe(origin.url()).check();

    assertThat(d).hasValueSatisfying(x -> assertThat(x.status()).hasValue(503));
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void aStoppedUpstreamIsAConnectionRefusal() throws IOException {
    Optional<Diagnosis> d = probe("http://127.0.0.1:" + FaultServer.closedPort()).check();

    assertThat(d).hasValueSatisfying(x -> {
      assertThat(x.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
      assertThat(x.phase()).isEqualTo(Phase.CONNECT);
    });
  }

  @Test
  void aHangingUpstreamFailsWithinTheProbeTimeout() {
    origin.mode(FaultServer.Mode.HANG);

    Optional<Diagnosis> d = OkHttpHealthProbe.of(client, HttpUrl.get(origin.url() + "/health"),
        Duration.ofMillis(300), dev.failsoft.diagnosis.Diagnoser.standard()).check();

    assertThat(d).isPresent();
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void rejectsANonPositiveTimeout() {
    assertThatThrownBy(() -> OkHttpHealthProbe.of(client, HttpUrl.get(origin.url()),
        Duration.ZERO, dev.failsoft.diagnosis.Diagnoser.standard()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout: PT0S (expected: > 0)");
  }
}
