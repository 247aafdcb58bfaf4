package dev.failsoft.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.util.Arrays;
import java.util.Random;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Feeds nulls on purpose (hostile input, absent expectations): outside the null-marked API.
@NullUnmarked
class ResponseBadInputTest {

  private static void assertSane(Diagnosis d) {
    assertThat(d).isNotNull();
    assertThat(d.evidence())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.detail().length()).isLessThanOrEqualTo(Evidence.MAX_DETAIL));
    assertThat(d.causes()).isNotEmpty();
    assertThat(d.remedies()).isNotEmpty();
  }

  @Test
  void anEmptyBodyFromAnUnknownHopIsABadGateway() {
    Diagnosis d = Diagnoser.standard().diagnose(ResponseHead.of(502, Headers.empty()), new byte[0]);

    assertSane(d);
    assertThat(d.kind()).isEqualTo(FailureKind.BAD_GATEWAY);
  }

  @Test
  void aNullBodyIsRejectedByNameAndAnEmptyOneIsFine() {
    ResponseHead head = ResponseHead.of(504, Headers.empty());

    assertThatThrownBy(() -> Diagnoser.standard().diagnose(head, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("bodyPrefix");
    assertThat(Diagnoser.standard().diagnose(head, new byte[0]).kind())
        .isEqualTo(FailureKind.GATEWAY_TIMEOUT);
  }

  @Test
  void aBinaryBodyIsDiagnosed() {
    byte[] body = new byte[4096];
    new Random(42).nextBytes(body);

    Diagnosis d = Diagnoser.standard().diagnose(ResponseHead.of(502, Headers.empty()), body);

    assertSane(d);
    assertThat(d.kind()).isEqualTo(FailureKind.BAD_GATEWAY);
  }

  @Test
  void aBodyOverEightKibIsReadOnlyToItsFirstEightKib() {
    byte[] body = new byte[64 * 1024];
    Arrays.fill(body, (byte) 'x');
    byte[] tail = "no healthy upstream".getBytes();
    System.arraycopy(tail, 0, body, 20_000, tail.length);

    Diagnosis d =
        Diagnoser.standard()
            .diagnose(
                new ResponseHead(503, "Service Unavailable", Headers.of("server", "envoy")), body);

    assertSane(d);
    // The Envoy text lies past the 8 KiB sample, so only the server header counts.
    assertThat(d.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
  }

  @Test
  void aTenThousandCharacterServerHeaderIsDiagnosedAndCutInTheEvidence() {
    String server = "nginx/" + "9".repeat(10_000);

    Diagnosis d =
        Diagnoser.standard()
            .diagnose(
                new ResponseHead(500, "Internal Server Error", Headers.of("Server", server)),
                "{\"error\":\"boom\"}".getBytes());

    assertSane(d);
    assertThat(d.responder()).isEqualTo(Responder.ORIGIN);
    assertThat(d.kind()).isEqualTo(FailureKind.ORIGIN_ERROR);
  }

  @Test
  void garbledHeaderValuesAndAGarbledProxyStatusAreDiagnosed() {
    Headers headers =
        Headers.builder()
            .add("Proxy-Status", "\";;;,,,=\"\"\\")
            .add("Retry-After", "soon-ish")
            .add("X-Squid-Error", "\u00ff\u00fe garbage")
            .add("CF-RAY", "x".repeat(5000))
            .build();

    Diagnosis d =
        Diagnoser.standard()
            .diagnose(new ResponseHead(503, "\u0001\u0002", headers), new byte[] {0, 1, 2});

    assertSane(d);
    assertThat(d.responder()).isEqualTo(Responder.SQUID);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 599, 600, 999})
  void anAbsurdStatusGetsADiagnosis(int status) {
    Diagnosis d =
        Diagnoser.standard().diagnose(ResponseHead.of(status, Headers.empty()), "?".getBytes());

    assertSane(d);
    assertThat(d.kind()).isEqualTo(FailureKind.UNKNOWN);
  }

  @Test
  void aNullResponseIsRejectedByName() {
    assertThatThrownBy(() -> Diagnoser.standard().diagnose((ResponseHead) null, new byte[0]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("response");
  }

  @Test
  void randomMixturesOfSignatureFragmentsNeverThrow() {
    String[] names = {
      "Server",
      "Via",
      "CF-RAY",
      "X-Squid-Error",
      "Proxy-Status",
      "Retry-After",
      "x-envoy-overloaded",
      "X-Cache",
      "x-amzn-ErrorType",
      "X-Kong-Response-Latency",
      "X-Served-By",
      "X-Timer",
      "x-azure-ref"
    };
    String[] values = {
      "nginx",
      "envoy",
      "istio-envoy",
      "cloudflare",
      "awselb/2.0",
      "Caddy",
      "ERR_CONNECT_FAIL 111",
      "a; error=dns_error",
      "Error from cloudfront",
      "true",
      "",
      "cache-x",
      "kong/3.9.0",
      "1.1 vegur",
      "\u00ff\"",
      "AkamaiGHost",
      "Jetty(9)"
    };
    String[] bodies = {
      "<html>\r\n<head><title>502</title></head><center><h1>x</h1>" + "<hr><center>",
      "upstream connect error or disconnect/reset before headers. reset " + "reason: ",
      "<html><body><h1>503",
      "{\"requestId\":\"path\":\"error\":",
      "<!DOCTYPE html>Guru Meditation:",
      "<?xml Guru Mediation:<title>",
      "Reference&#32;&#35;",
      "<HTML><HEAD>Reference&#32;&#35;97",
      "<!doctype html><html lang=\"en\"><head><title>" + "HTTP Status ",
      "Reason: <strong>",
      "",
      "\u0000\u00ff"
    };
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      Headers.Builder h = Headers.builder();
      for (int n = random.nextInt(5); n > 0; n--) {
        h.addLenient(names[random.nextInt(names.length)], values[random.nextInt(values.length)]);
      }
      StringBuilder body = new StringBuilder();
      for (int n = random.nextInt(4); n > 0; n--) {
        body.append(bodies[random.nextInt(bodies.length)]);
      }
      int status = 100 + random.nextInt(900);

      Diagnosis d =
          Diagnoser.standard()
              .diagnose(
                  new ResponseHead(status, "", h.build()),
                  body.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

      assertSane(d);
      if (status != 429 && (status < 500 || status > 599)) {
        assertThat(d.kind()).isEqualTo(FailureKind.UNKNOWN);
      }
    }
  }
}
