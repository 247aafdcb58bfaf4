package dev.failsoft.diagnosis;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Feeds nulls on purpose (hostile input, absent expectations): outside the null-marked API.
@NullUnmarked
class ResponseClassifierTest {
  private static final byte[] NONE = new byte[0];

  private static Diagnosis diagnose(int status, String reason, Headers headers, String body) {
    return Diagnoser.standard()
        .diagnose(new ResponseHead(status, reason, headers), body.getBytes(ISO_8859_1));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 204, 301, 304, 400, 404, 418, 499})
  void aStatusThatIsNotAFailureIsUnknownAndSaysSo(int status) {
    Diagnosis d = diagnose(status, "", Headers.of("Server", "nginx/1.24.0"), "hello");

    assertThat(d.kind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(d.evidence())
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .isEqualTo("status " + status + " is not an upstream failure"));
  }

  @Test
  void status429IsRateLimitingWithTheRetryAfterDelay() {
    Diagnosis d = diagnose(429, "Too Many Requests", Headers.of("Retry-After", "7"), "slow down");

    assertThat(d.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(d.retryAfter()).hasValueSatisfying(t -> assertThat(t.toSeconds()).isEqualTo(7));
  }

  @Test
  void an503WithRetryAfterFromAnUnknownHopIsRateLimiting() {
    Diagnosis d = diagnose(503, "Service Unavailable", Headers.of("Retry-After", "30"), "busy");

    assertThat(d.kind()).isEqualTo(FailureKind.RATE_LIMITED);
  }

  @Test
  void varnishRetryAfterDoesNotTurnABackendFailureIntoRateLimiting() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("varnish-503.http");
    assertThat(raw.head().headers().contains("Retry-After")).isTrue();

    Diagnosis d = Diagnoser.standard().diagnose(raw.head(), raw.body());

    assertThat(d.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
  }

  @Test
  void aBare502FromAnUnknownHopIsABadGatewayFromAnUnknownResponder() {
    Diagnosis d = diagnose(502, "Bad Gateway", Headers.of("Server", "acme"), "<b>oops</b>");

    assertThat(d.responder()).isEqualTo(Responder.UNKNOWN);
    assertThat(d.kind()).isEqualTo(FailureKind.BAD_GATEWAY);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_HEADERS);
  }

  @Test
  void theNginxTemplateWithoutTailOrServerIsNotClaimedByAnyProduct() {
    String body =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

    Diagnosis d = diagnose(502, "Bad Gateway", Headers.empty(), body);

    assertThat(d.responder()).isEqualTo(Responder.UNKNOWN);
    assertThat(d.kind()).isEqualTo(FailureKind.BAD_GATEWAY);
  }

  @Test
  void twoProductsFittingEquallyWellGiveAnUnknownResponderWithBothEvidences() {
    // Envoy's own local reply (server: envoy) that also carries Squid's error header.
    Headers headers = Headers.of("server", "envoy", "X-Squid-Error", "ERR_DNS_FAIL 0");

    Diagnosis d = diagnose(503, "Service Unavailable", headers, "no healthy upstream");

    assertThat(d.responder()).isEqualTo(Responder.UNKNOWN);
    assertThat(d.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    assertThat(d.phase()).isEqualTo(Phase.RESPONSE_HEADERS);
    assertThat(d.evidence()).anySatisfy(e -> assertThat(e.detail()).startsWith("fits envoy"));
    assertThat(d.evidence()).anySatisfy(e -> assertThat(e.detail()).startsWith("fits squid"));
  }

  @Test
  void aHaproxyPageBehindCloudflareIsHaproxysWithCloudflareAsEvidence() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("haproxy-503.http");
    ResponseHead head =
        new ResponseHead(
            503,
            "Service Unavailable",
            raw.head()
                .headers()
                .with("Server", "cloudflare")
                .with("CF-RAY", "8a1b2c3d4e5f6789-EWR"));

    Diagnosis d = Diagnoser.standard().diagnose(head, raw.body());

    assertThat(d.responder()).isEqualTo(Responder.HAPROXY);
    assertThat(d.evidence())
        .anySatisfy(
            e -> assertThat(e.detail()).contains("CF-RAY").contains("cloudflare on the path"));
  }

  @Test
  void proxyStatusIsTrustedOverTheSignature() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("nginx-502.http");
    ResponseHead head =
        new ResponseHead(
            502,
            "Bad Gateway",
            raw.head().headers().with("Proxy-Status", "nginx; error=connection_timeout"));

    Diagnosis d = Diagnoser.standard().diagnose(head, raw.body());

    assertThat(d.responder()).isEqualTo(Responder.NGINX);
    assertThat(d.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
    assertThat(d.phase()).isEqualTo(Phase.CONNECT);
    assertThat(d.evidence()).anySatisfy(e -> assertThat(e.source()).isEqualTo("proxy-status"));
  }

  @Test
  void aUserRuleWinsATieWithABuiltInSignature() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("nginx-502.http");
    Responder mine = Responder.of("my-edge", "My edge");
    Diagnoser diagnoser =
        Diagnoser.builder()
            .rule(r -> Optional.of(SignatureMatch.of(mine, 95, Evidence.of("rule", "mine"))))
            .build();

    assertThat(diagnoser.diagnose(raw.head(), raw.body()).responder()).isEqualTo(mine);
  }

  @Test
  void aWeakerUserRuleLosesToAStrongBuiltInSignature() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("nginx-502.http");
    Diagnoser diagnoser =
        Diagnoser.builder()
            .rule(
                r ->
                    Optional.of(
                        SignatureMatch.of(
                            Responder.of("my-edge", "My edge"), 60, Evidence.of("rule", "mine"))))
            .build();

    assertThat(diagnoser.diagnose(raw.head(), raw.body()).responder()).isEqualTo(Responder.NGINX);
  }

  @Test
  void aRuleThatThrowsIsSkipped() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("haproxy-504.http");
    AtomicInteger calls = new AtomicInteger();
    Diagnoser diagnoser =
        Diagnoser.builder()
            .rule(
                r -> {
                  calls.incrementAndGet();
                  throw new IllegalStateException("broken rule");
                })
            .rule(r -> null)
            .build();

    Diagnosis d = diagnoser.diagnose(raw.head(), raw.body());

    assertThat(calls).hasValue(1);
    assertThat(d.responder()).isEqualTo(Responder.HAPROXY);
    assertThat(d.kind()).isEqualTo(FailureKind.HTTP_RESPONSE_TIMEOUT);
  }

  @Test
  void serviceLoadedRulesRecogniseTheirGatewayAndTheStandardDiagnoserDoesNot() {
    ResponseHead head =
        new ResponseHead(502, "Bad Gateway", Headers.of("X-Acme-Gateway", "edge-7"));
    Diagnoser loaded = Diagnoser.builder().loadServiceRules().build();

    Diagnosis withRule = loaded.diagnose(head, NONE);
    Diagnosis without = Diagnoser.standard().diagnose(head, NONE);

    assertThat(withRule.responder()).isEqualTo(ResponseTestRule.ACME);
    assertThat(withRule.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(withRule.phase()).isEqualTo(Phase.CONNECT);
    assertThat(without.responder()).isEqualTo(Responder.UNKNOWN);
    assertThat(without.kind()).isEqualTo(FailureKind.BAD_GATEWAY);
  }

  @Test
  void envoyUpstreamServiceTimeMeansTheUpstreamAnsweredNotEnvoy() {
    Diagnosis d =
        diagnose(
            503,
            "Service Unavailable",
            Headers.of("server", "envoy", "x-envoy-upstream-service-time", "12"),
            "{\"error\":\"db down\"}");

    assertThat(d.responder()).isEqualTo(Responder.ORIGIN);
    assertThat(d.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
  }

  @Test
  void envoyTlsTransportFailureIsACertificateError() {
    String body =
        "upstream connect error or disconnect/reset before headers. reset reason: "
            + "remote connection failure, transport failure reason: TLS_error:|268435581:SSL "
            + "routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED";

    Diagnosis d = diagnose(503, "Service Unavailable", Headers.of("server", "envoy"), body);

    assertThat(d.kind()).isEqualTo(FailureKind.TLS_CERTIFICATE_ERROR);
    assertThat(d.phase()).isEqualTo(Phase.TLS);
  }

  @Test
  void cloudflare530IsADnsFailureAtTheOrigin() {
    Diagnosis d =
        diagnose(
            530, "", Headers.of("Server", "cloudflare", "CF-RAY", "1-EWR"), "error code: 1016");

    assertThat(d.responder()).isEqualTo(Responder.CLOUDFLARE);
    assertThat(d.kind()).isEqualTo(FailureKind.DNS_ERROR);
  }

  @Test
  void aCloudflareBrandedBadGatewayIsTheOriginsOwn502() {
    Diagnosis d =
        diagnose(
            502,
            "Bad Gateway",
            Headers.of("Server", "cloudflare", "CF-RAY", "1-EWR"),
            "<div id=\"cf-wrapper\"><div id=\"cf-error-details\">Error code 502</div>");

    assertThat(d.responder()).isEqualTo(Responder.ORIGIN);
    assertThat(d.kind()).isEqualTo(FailureKind.BAD_GATEWAY);
  }

  @Test
  void apacheDnsLookupFailureIsADnsError() {
    String body =
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
            + "<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n"
            + "<p>Reason: <strong>DNS lookup failure for: backend.internal</strong></p></p>";

    Diagnosis d = diagnose(502, "Proxy Error", Headers.of("Server", "Apache/2.4.62"), body);

    assertThat(d.responder()).isEqualTo(Responder.APACHE);
    assertThat(d.kind()).isEqualTo(FailureKind.DNS_ERROR);
    assertThat(d.phase()).isEqualTo(Phase.DNS);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "520, http_protocol_error, response_headers",
    "523, destination_ip_unroutable, connect",
    "525, tls_protocol_error, tls"
  })
  void cloudflareOwnCodesMapToTheirCauses(int status, String kind, String phase) {
    Diagnosis d =
        diagnose(
            status,
            "",
            Headers.of("Server", "cloudflare", "CF-RAY", "1-EWR"),
            "error code: " + status);

    assertThat(d.responder()).isEqualTo(Responder.CLOUDFLARE);
    assertThat(d.kind().id()).isEqualTo(kind);
    assertThat(d.phase().id()).isEqualTo(phase);
  }

  @Test
  void anUnversionedNginx503IsNotClaimedToBeRateLimitingButWasNeverForwarded() {
    String body =
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
            + "<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    Diagnosis d =
        diagnose(503, "Service Temporarily Unavailable", Headers.of("Server", "nginx"), body);

    assertThat(d.responder()).isEqualTo(Responder.NGINX);
    assertThat(d.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    assertThat(d.phase()).isEqualTo(Phase.CONNECT);
  }

  @Test
  void apachesCanned500IsTheOriginsOwnError() {
    String body =
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
            + "<title>500 Internal Server Error</title>\n</head><body>\n"
            + "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error or\n"
            + "misconfiguration and was unable to complete\nyour request.</p>\n";

    Diagnosis d =
        diagnose(500, "Internal Server Error", Headers.of("Server", "Apache/2.4.62"), body);

    assertThat(d.responder()).isEqualTo(Responder.APACHE);
    assertThat(d.kind()).isEqualTo(FailureKind.ORIGIN_ERROR);
  }

  @Test
  void anEnvoyReplyWithoutUpstreamServiceTimeIsEnvoysOwnEvenWithACustomBody() {
    Diagnosis d =
        diagnose(
            503, "Service Unavailable", Headers.of("server", "envoy"), "{\"error\":\"try later\"}");

    assertThat(d.responder()).isEqualTo(Responder.ENVOY);
    assertThat(d.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "ERR_CONNECT_FAIL 110, connection_timeout, connect",
    "ERR_CONNECT_FAIL 113, destination_ip_unroutable, connect",
    "ERR_DNS_FAIL 0, dns_error, dns",
    "ERR_READ_TIMEOUT 0, http_response_timeout, response_headers",
    "ERR_ZERO_SIZE_OBJECT 0, http_response_incomplete, response_headers",
    "ERR_SOMETHING_NEW 0, service_unavailable, response_headers"
  })
  void squidNamesTheFailureInItsErrorHeader(String error, String kind, String phase) {
    Diagnosis d =
        diagnose(
            503,
            "Service Unavailable",
            Headers.of("Server", "squid/4.13", "X-Squid-Error", error),
            "<html>squid</html>");

    assertThat(d.responder()).isEqualTo(Responder.SQUID);
    assertThat(d.kind().id()).isEqualTo(kind);
    assertThat(d.phase().id()).isEqualTo(phase);
  }
}
