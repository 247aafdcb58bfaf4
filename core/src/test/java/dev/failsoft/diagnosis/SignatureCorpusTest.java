package dev.failsoft.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.internal.Classification;
import dev.failsoft.diagnosis.internal.ResponseClassifier;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The corpus oracle (corpus/README.md): every fixture is attributed to its hop with the kind and,
 * where the signature tells, the phase ("-" for none, which the Diagnoser turns into
 * response_headers).
 */
class SignatureCorpusTest {

  @ParameterizedTest(name = "{0} -> {1} {2} {3}")
  @CsvSource({
    "alb-502.http, aws-alb, bad_gateway, -",
    "alb-502-h2.http, aws-alb, bad_gateway, -",
    "alb-503.http, aws-alb, destination_unavailable, connect",
    "alb-504-inferred.http, aws-alb, gateway_timeout, -",
    "elb-504-classic.http, aws-elb, gateway_timeout, -",
    "apache-502-proxy-error.http, apache, bad_gateway, -",
    "apache-503-connect-refused.http, apache, destination_unavailable, connect",
    "apigw-502-lambda.http, aws-api-gateway, bad_gateway, -",
    "azure-appgw-502.http, azure-app-gateway, bad_gateway, -",
    "azure-frontdoor-503.http, azure-front-door, service_unavailable, -",
    "caddy-502.http, caddy, bad_gateway, -",
    "cloudflare-502-unbranded.http, cloudflare, bad_gateway, -",
    "cloudflare-521-plain.http, cloudflare, connection_refused, connect",
    "cloudflare-522-plain.http, cloudflare, connection_timeout, connect",
    "cloudflare-524-plain.http, cloudflare, http_response_timeout, -",
    "cloudflare-526-plain.http, cloudflare, tls_certificate_error, tls",
    "cloudfront-502.http, aws-cloudfront, bad_gateway, connect",
    "envoy-502-upe.http, envoy, http_protocol_error, -",
    "envoy-503-uc.http, envoy, connection_terminated, -",
    "envoy-503-uf.http, envoy, connection_refused, connect",
    "envoy-503-uf-refused.http, istio, connection_refused, connect",
    "envoy-503-uh.http, envoy, destination_unavailable, connect",
    "envoy-503-uo-overflow.http, envoy, connection_limit_reached, connect",
    "envoy-504-ut.http, envoy, http_response_timeout, -",
    "fastly-503-backend-read-error.http, fastly, connection_terminated, -",
    "fastly-503-backend-unhealthy.http, fastly, destination_unavailable, connect",
    "gclb-502.http, google-gfe, bad_gateway, -",
    "haproxy-502.http, haproxy, bad_gateway, -",
    "haproxy-503.http, haproxy, destination_unavailable, connect",
    "haproxy-504.http, haproxy, http_response_timeout, -",
    "heroku-503-h10.http, heroku, service_unavailable, -",
    "ingress-nginx-503.http, ingress-nginx, destination_unavailable, connect",
    "jetty-502-proxyservlet.http, jetty, bad_gateway, -",
    "kong-502.http, kong, bad_gateway, -",
    "kong-503.http, kong, service_unavailable, -",
    "kong-503-ring-balancer.http, kong, destination_unavailable, connect",
    "kong-504.http, kong, http_response_timeout, -",
    "nginx-502.http, nginx, bad_gateway, -",
    "nginx-503-limit-req.http, nginx, rate_limited, connect",
    "nginx-504.http, nginx, gateway_timeout, -",
    "openresty-504.http, openresty, gateway_timeout, -",
    "node-hpm-504.http, node-http-proxy, gateway_timeout, -",
    "scg-500-conn-refused.http, spring-cloud-gateway, proxy_internal_error, -",
    "scg-504.http, spring-cloud-gateway, http_response_timeout, -",
    "squid-503-connect-fail.http, squid, connection_refused, connect",
    "tomcat-503.http, tomcat, service_unavailable, -",
    "tomcat-500.http, tomcat, origin_error, -",
    "traefik-502.http, traefik, bad_gateway, -",
    "traefik-503-no-server.http, traefik, destination_unavailable, connect",
    "traefik-504.http, traefik, gateway_timeout, -",
    "varnish-503.http, varnish, service_unavailable, -",
    "akamai-503-zero-size.http, akamai, http_response_incomplete, -",
    "akamai-504-read-timeout.http, akamai, http_response_timeout, -",
    "origin-500-through-nginx.http, origin, origin_error, -",
    "proxy-status-502.http, origin-lb, connection_refused, connect",
  })
  void attributesEachCorpusResponseToItsHop(
      String file, String responder, String kind, String phase) {
    ResponseFixtures.Raw raw = ResponseFixtures.load(file);

    Classification c =
        ResponseClassifier.classify(ResponseSample.of(raw.head(), raw.body()), List.of());
    Diagnosis d = Diagnoser.standard().diagnose(raw.head(), raw.body());

    assertThat(c.responder().id()).as("responder; evidence %s", c.evidence()).isEqualTo(responder);
    assertThat(c.kind().id()).as("kind; evidence %s", c.evidence()).isEqualTo(kind);
    assertThat(c.phase().map(Phase::id))
        .isEqualTo(phase.equals("-") ? Optional.empty() : Optional.of(phase));
    assertThat(d.responder().id()).isEqualTo(responder);
    assertThat(d.kind().id()).isEqualTo(kind);
    assertThat(d.phase().id()).isEqualTo(phase.equals("-") ? "response_headers" : phase);
    assertThat(d.status()).hasValue(raw.head().status());
    assertThat(d.causes()).isNotEmpty();
    assertThat(d.remedies()).isNotEmpty();
  }

  @Test
  void everyFixtureIsInTheOracle() throws Exception {
    File dir =
        new File(
                Objects.requireNonNull(
                        SignatureCorpusTest.class.getResource("/fixtures/nginx-502.http"))
                    .toURI())
            .getParentFile();
    String source =
        new String(
            java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of(
                    "src/test/java/dev/failsoft/diagnosis/SignatureCorpusTest.java")));
    List<String> missing =
        Arrays.stream(Objects.requireNonNull(dir.list()))
            .filter(n -> n.endsWith(".http"))
            .filter(n -> !source.contains("\"" + n + ","))
            .toList();
    assertThat(missing).isEmpty();
  }

  @Test
  void anOriginErrorPassedThroughNginxNamesTheOriginAndShowsTheProxy() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("origin-500-through-nginx.http");

    Diagnosis d = Diagnoser.standard().diagnose(raw.head(), raw.body());

    assertThat(d.responder()).isEqualTo(Responder.ORIGIN);
    assertThat(d.kind()).isEqualTo(FailureKind.ORIGIN_ERROR);
    assertThat(d.evidence())
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .contains("Server: nginx/1.24.0")
                    .contains("passed the response on"));
    assertThat(d.retryable()).isFalse();
  }

  @Test
  void aLimitReqRejectionIsSafeToRetryEvenForPost() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("nginx-503-limit-req.http");
    var post =
        new dev.failsoft.http.RequestHead(
            "POST", java.net.URI.create("http://a/x"), dev.failsoft.http.Headers.empty());

    Diagnosis d = Diagnoser.standard().diagnose(post, raw.head(), raw.body());

    assertThat(d.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(d.retrySafety()).isEqualTo(RetrySafety.NOT_SENT);
    assertThat(d.causes().get(0)).contains("limit_req");
    assertThat(d.remedies().get(0)).contains("limiting requests, excess");
  }

  @Test
  void rendersTheStableJsonFields() {
    ResponseFixtures.Raw raw = ResponseFixtures.load("haproxy-503.http");

    String json = Diagnoser.standard().diagnose(raw.head(), raw.body()).toJson();

    assertThat(json)
        .startsWith("{\"kind\":\"destination_unavailable\"")
        .contains(
            "\"proxyStatus\":\"destination_unavailable\"",
            "\"phase\":\"connect\"",
            "\"responder\":\"haproxy\"",
            "\"status\":503",
            "\"evidence\":[{\"source\":",
            "\"causes\":[\"",
            "\"remedies\":[\"",
            "\"retryable\":true",
            "\"retryReason\":\"safe: the request never left",
            "\"retryAfterSeconds\":null");
  }
}
