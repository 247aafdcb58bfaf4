package dev.failsoft.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.internal.Remedies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemediesTest {
  private static final List<Responder> REPRESENTATIVES =
      List.of(
          Responder.CLIENT,
          Responder.ORIGIN,
          Responder.UNKNOWN,
          Responder.NGINX,
          Responder.HAPROXY,
          Responder.ENVOY,
          Responder.AWS_ALB,
          Responder.of("my-edge", "My edge"));

  @ParameterizedTest
  @EnumSource(FailureKind.class)
  void everyKindHasACauseAndARemedyWhateverTheResponder(FailureKind kind) {
    for (Responder r : REPRESENTATIVES) {
      assertThat(Remedies.causes(kind, r))
          .as("causes of %s at %s", kind, r)
          .isNotEmpty()
          .doesNotContainNull();
      assertThat(Remedies.remedies(kind, r))
          .as("remedies of %s at %s", kind, r)
          .isNotEmpty()
          .doesNotContainNull()
          .doesNotHaveDuplicates();
    }
    for (Responder r : Responder.knownResponders()) {
      assertThat(Remedies.remedies(kind, r)).as("remedies of %s at %s", kind, r).isNotEmpty();
    }
  }

  @Test
  void cancellationNeedsNoUpstreamRemedy() {
    assertThat(Remedies.remedies(FailureKind.CANCELED, Responder.CLIENT).get(0))
        .startsWith("none needed");
  }

  @Test
  void nginxRemediesNameTheErrorLogLines() {
    assertThat(String.join("\n", Remedies.remedies(FailureKind.BAD_GATEWAY, Responder.NGINX)))
        .contains("connect() failed (111: Connection refused) while connecting to upstream")
        .contains("upstream prematurely closed connection");
    assertThat(Remedies.remedies(FailureKind.HTTP_RESPONSE_TIMEOUT, Responder.NGINX))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains(
                        "upstream timed out (110: Connection timed out)"
                            + " while reading response header from upstream"))
        .anySatisfy(r -> assertThat(r).contains("proxy_read_timeout"));
  }

  @Test
  void haproxyRemediesNameTheTerminationStateAndTimeout() {
    assertThat(Remedies.remedies(FailureKind.HTTP_RESPONSE_TIMEOUT, Responder.HAPROXY).get(0))
        .contains("sH--")
        .contains("timeout server");
    assertThat(Remedies.remedies(FailureKind.DESTINATION_UNAVAILABLE, Responder.HAPROXY).get(0))
        .contains("<NOSRV>")
        .contains("SC--");
  }

  @Test
  void envoyRemediesNameTheResponseFlags() {
    assertThat(Remedies.remedies(FailureKind.DESTINATION_UNAVAILABLE, Responder.ENVOY).get(0))
        .contains("UH");
    assertThat(Remedies.remedies(FailureKind.CONNECTION_LIMIT_REACHED, Responder.ISTIO).get(0))
        .contains("UO")
        .contains("max_connections");
  }

  @Test
  void albRemediesExplainTheKeepAliveAndIdleTimeoutMismatch() {
    assertThat(Remedies.remedies(FailureKind.BAD_GATEWAY, Responder.AWS_ALB).get(0))
        .contains("keep-alive")
        .contains("idle timeout");
    assertThat(Remedies.remedies(FailureKind.GATEWAY_TIMEOUT, Responder.AWS_ALB).get(0))
        .contains("idle")
        .contains("security groups");
  }

  @Test
  void connectionRemediesIncludeTheOomKillerCheck() {
    assertThat(Remedies.remedies(FailureKind.CONNECTION_REFUSED, Responder.CLIENT))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("dmesg | grep -i 'killed process'")
                    .contains("journalctl -k"));
  }

  @Test
  void aResponderWithoutOwnEntriesGetsItsLogFirstThenTheGenericRemedies() {
    List<String> remedies = Remedies.remedies(FailureKind.DNS_ERROR, Responder.HEROKU);

    assertThat(remedies.get(0)).contains("heroku logs");
    assertThat(remedies.subList(1, remedies.size()))
        .isEqualTo(Remedies.remedies(FailureKind.DNS_ERROR, Responder.UNKNOWN));
  }

  @ParameterizedTest(name = "{0} {1}: {3}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "nginx | BAD_GATEWAY | nginx-error.log | connect() failed (111: Connection refused) while"
            + " connecting to upstream",
        "nginx | BAD_GATEWAY | nginx-error.log | upstream prematurely closed connection",
        "nginx | BAD_GATEWAY | nginx-error.log | no live upstreams",
        "nginx | HTTP_RESPONSE_TIMEOUT | nginx-error.log | upstream timed out (110: Connection"
            + " timed out) while reading response header from upstream",
        "nginx | RATE_LIMITED | nginx-error.log | limiting requests, excess:",
        "apache | DESTINATION_UNAVAILABLE | apache-error.log | AH01114: HTTP: failed to make"
            + " connection to backend",
        "apache | BAD_GATEWAY | apache-error.log | AH01102: error reading status line from remote"
            + " server",
        "haproxy | DESTINATION_UNAVAILABLE | haproxy.log | has no server available!",
        "haproxy | HTTP_RESPONSE_TIMEOUT | haproxy.log | sH--",
        "envoy | DESTINATION_UNAVAILABLE | envoy-access.log | UH",
        "envoy | CONNECTION_TERMINATED | envoy-access.log | UC",
        "heroku | SERVICE_UNAVAILABLE | heroku-router.log | H13"
      })
  void remediesQuoteLinesTheRealLogsContain(
      String responder, FailureKind kind, String log, String fragment) throws Exception {
    String logText;
    try (var in = RemediesTest.class.getResourceAsStream("/fixtures/logs/" + log)) {
      logText = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    assertThat(String.join("\n", Remedies.remedies(kind, Responder.known(responder).get())))
        .contains(fragment);
    assertThat(logText).contains(fragment);
  }
}
