package dev.failsoft.examples.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.testing.FaultServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OkHttpExampleTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final OkHttpExample example =
      new OkHttpExample(new PrintStream(printed, true, StandardCharsets.UTF_8));
  private FaultServer upstream;

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = FaultServer.start().respond(200, "OK", "text/plain", "Markets calm");
  }

  @AfterEach
  void stopUpstream() throws Exception {
    upstream.close();
  }

  @Test
  void answersWithTheLastGoodCopyAndPrintsWhyWhenTheUpstreamResets() throws Exception {
    String url = upstream.url() + "/news";
    assertThat(example.fetch(url)).isEqualTo(200);
    upstream.mode(FaultServer.Mode.RESET);

    int status = example.fetch(url);

    assertThat(status).isEqualTo(200);
    assertThat(printed())
        .startsWith("200 Markets calm\n200 Markets calm\n")
        .contains("failure at client: connection_terminated", "remedy: ", "retry: yes");
  }

  @Test
  void retriesAnIdempotentRequestThenPrintsTheDiagnosis() throws Exception {
    upstream.mode(FaultServer.Mode.CLOSE_AFTER_REQUEST);

    int status = example.fetch(upstream.url() + "/never-seen");

    assertThat(status).isEqualTo(-1);
    assertThat(upstream.requestCount()).isEqualTo(3);
    assertThat(printed()).contains("(retryable)", "gave up after 3 attempts");
  }

  @Test
  void mainPrintsTheDiagnosisOfARefusedConnection() throws Exception {
    String url = "http://127.0.0.1:" + FaultServer.closedPort() + "/";
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      OkHttpExample.main(new String[] {url});
    } finally {
      System.setOut(stdout);
    }

    assertThat(printed()).contains("connection_refused during connect", "gave up after 3 attempts");
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }
}
