package dev.failsoft.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The filter in front of Spring Cloud Gateway's routes (a WebFilter runs before the gateway's
 * handler), the gateway proxying to a real loopback origin that answers, then fails: a 502 from a
 * proxy, a refused connection, and no answer within the soft deadline.
 */
class SpringCloudGatewayTest {
  private static @Nullable Origin origin;
  private static @Nullable ConfigurableApplicationContext gateway;
  private static int port;

  /** The gateway application: one route to the origin, and the filter. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class GatewayApplication {
    @Bean
    RouteLocator routes(RouteLocatorBuilder routes) {
      return routes
          .routes()
          .route("news", r -> r.path("/news/**").uri("http://127.0.0.1:" + origin().port()))
          .build();
    }

    @Bean
    StaleIfErrorWebFilter staleIfError() {
      return StaleIfErrorWebFilter.builder()
          .route(RouteRule.forPattern("/news/slow/**").softDeadline(Duration.ofMillis(500)).build())
          .build();
    }
  }

  private static Origin origin() {
    if (origin == null) {
      throw new IllegalStateException("origin not started");
    }
    return origin;
  }

  @BeforeAll
  static void start() throws Exception {
    LeakWatch.install();
    origin = new Origin();
    gateway =
        new SpringApplicationBuilder(GatewayApplication.class)
            .web(WebApplicationType.REACTIVE)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "spring.cloud.gateway.server.webflux.httpclient.connect-timeout=2000")
            .run();
    port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port", "0"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (origin != null) {
      origin.close();
    }
    LeakWatch.assertNoLeaks();
  }

  @BeforeEach
  void answering() {
    origin().mode(Origin.Mode.OK);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return WebFluxServer.CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheStoredCopyWhenTheOriginBehindTheRouteAnswers502() throws Exception {
    assertThat(get("/news/bad").body()).isEqualTo(Origin.PAGE);
    origin().mode(Origin.Mode.BAD_GATEWAY);

    HttpResponse<String> stale = get("/news/bad");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(Origin.PAGE);
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("fwd=stale").contains("fwd-status=502"));
  }

  @Test
  void passesA502WithoutACopyOnWithAProxyStatus() throws Exception {
    origin().mode(Origin.Mode.BAD_GATEWAY);

    HttpResponse<String> failed = get("/news/never-stored");

    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body()).contains("nginx");
    assertThat(failed.headers().firstValue("Proxy-Status"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Failsoft"));
  }

  @Test
  void servesTheStoredCopyWhenTheOriginRefusesConnections() throws Exception {
    assertThat(get("/news/refused").body()).isEqualTo(Origin.PAGE);
    origin().refuse();
    try {
      HttpResponse<String> stale = get("/news/refused");

      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).isEqualTo(Origin.PAGE);
      assertThat(stale.headers().firstValue("Cache-Status"))
          .hasValueSatisfying(v -> assertThat(v).contains("fwd=stale"));
    } finally {
      origin().resume();
    }
  }

  @Test
  void servesTheStoredCopyWhenTheOriginMissesTheSoftDeadline() throws Exception {
    assertThat(get("/news/slow/page").body()).isEqualTo(Origin.PAGE);
    origin().mode(Origin.Mode.SILENT);

    HttpResponse<String> stale = get("/news/slow/page");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(Origin.PAGE);
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("soft-deadline"));
  }
}
