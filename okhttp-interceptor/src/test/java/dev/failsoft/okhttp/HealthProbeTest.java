package dev.failsoft.okhttp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.testing.FaultServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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
    client =
        TestClients.client(
            TestClients.config(new FakeSleeper()).retryPolicy(TestClients.attempts(5)).build());
  }

  @AfterEach
  void stop() throws IOException {
    origin.close();
  }

  private Optional<Diagnosis> probe(String base) {
    return OkHttpHealthProbe.of(client).diagnose(URI.create(base + "/health"));
  }

  @Test
  void aHealthyUpstreamPassesWithOneRequest() {
    assertThat(probe(origin.url())).isEmpty();
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void aFailingUpstreamIsDiagnosedFromOneRequestWithoutRetries() {
    origin.respond(
        ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n")
            .getBytes(ISO_8859_1));

    Optional<Diagnosis> d = probe(origin.url());

    assertThat(d).hasValueSatisfying(x -> assertThat(x.status()).hasValue(503));
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void aStoppedUpstreamIsAConnectionRefusal() throws IOException {
    Optional<Diagnosis> d = probe("http://127.0.0.1:" + FaultServer.closedPort());

    assertThat(d)
        .hasValueSatisfying(
            x -> {
              assertThat(x.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
              assertThat(x.phase()).isEqualTo(Phase.CONNECT);
            });
  }

  @Test
  void aHangingUpstreamFailsWithinTheProbeTimeout() {
    origin.mode(FaultServer.Mode.HANG);

    OkHttpHealthProbe probe =
        OkHttpHealthProbe.of(
            client, Duration.ofMillis(300), dev.failsoft.diagnosis.Diagnoser.standard());
    Optional<Diagnosis> d = probe.diagnose(URI.create(origin.url() + "/health"));

    assertThat(d).isPresent();
    assertThat(origin.requestCount()).isEqualTo(1);
    assertThat(probe.check(URI.create(origin.url() + "/health"))).isFalse();
    assertThat(origin.requestCount()).isEqualTo(2);
  }

  @Test
  void aUrlOkHttpCannotFetchIsDiagnosedNotThrown() {
    OkHttpHealthProbe probe = OkHttpHealthProbe.of(client);

    assertThat(probe.check(URI.create("ftp://127.0.0.1/health"))).isFalse();
    assertThat(probe.diagnose(URI.create("ftp://127.0.0.1/health"))).isPresent();
  }

  @Test
  void rejectsANonPositiveTimeout() {
    assertThatThrownBy(
            () ->
                OkHttpHealthProbe.of(
                    client, Duration.ZERO, dev.failsoft.diagnosis.Diagnoser.standard()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout: PT0S (expected: > 0)");
  }
}
