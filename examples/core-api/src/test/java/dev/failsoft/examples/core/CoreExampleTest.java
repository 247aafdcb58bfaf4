package dev.failsoft.examples.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.logs.LogSummary;
import dev.failsoft.testing.FaultServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoreExampleTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final CoreExample example =
      new CoreExample(new PrintStream(printed, true, StandardCharsets.UTF_8));

  @Test
  void diagnosesARefusedConnectionAndSaysWhetherToRetry() throws Exception {
    Optional<Diagnosis> d = example.get("http://127.0.0.1:" + FaultServer.closedPort() + "/");

    assertThat(d)
        .get()
        .satisfies(
            diagnosis -> {
              assertThat(diagnosis.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
              assertThat(diagnosis.phase()).isEqualTo(Phase.CONNECT);
              assertThat(diagnosis.retryable()).isTrue();
            });
    assertThat(printed())
        .startsWith("failure at client: connection_refused during connect")
        .containsIgnoringCase("retry");
  }

  @Test
  void reportsNothingWhenTheCallSucceeds() throws Exception {
    try (FaultServer upstream = FaultServer.start()) {
      assertThat(example.get(upstream.url() + "/")).isEmpty();
    }
    assertThat(printed()).isEmpty();
  }

  @Test
  void namesNginxAsTheHopThatProducedASaved502() throws Exception {
    Diagnosis d;
    try (InputStream saved = sample("samples/nginx-502.http")) {
      d = example.explain(saved);
    }

    assertThat(d.responder()).isEqualTo(Responder.NGINX);
    assertThat(d.status()).hasValue(502);
    assertThat(printed()).startsWith("502 from nginx");
  }

  @Test
  void refusesBytesThatAreNotAnHttpResponse() {
    byte[] garbage = {0x16, 0x03, 0x01, 0x00, (byte) 0xff};

    assertThatThrownBy(() -> example.explain(new ByteArrayInputStream(garbage)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an HTTP response");
  }

  @Test
  void countsTheFailuresOfAnNginxErrorLogByCauseAndUpstream() throws Exception {
    LogSummary summary;
    try (InputStream log = sample("samples/nginx-error.log")) {
      summary = example.analyze(log);
    }

    assertThat(summary.formats()).containsKey("nginx");
    assertThat(summary.kinds())
        .containsKeys(FailureKind.CONNECTION_REFUSED, FailureKind.CONNECTION_TIMEOUT);
    assertThat(summary.causes())
        .anySatisfy(
            c -> {
              assertThat(c.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
              assertThat(c.upstream()).isEqualTo("10.0.0.5:8080");
            });
    assertThat(printed()).contains("× connection_refused at 10.0.0.5:8080");
  }

  @Test
  void mainRunsAllThreeOnTheBundledSamples() throws Exception {
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      CoreExample.main(new String[] {"http://127.0.0.1:" + FaultServer.closedPort() + "/"});
    } finally {
      System.setOut(stdout);
    }

    assertThat(printed())
        .contains(
            "connection_refused during connect",
            "502 from nginx",
            "× connection_refused at 10.0.0.5:8080");
  }

  private static InputStream sample(String name) {
    return CoreExampleTest.class.getClassLoader().getResourceAsStream(name);
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }
}
