package dev.failsoft.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The gateway on a real port, in front of a real loopback site that goes away. */
class GatewayApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer site;
  private ConfigurableApplicationContext gateway;

  @BeforeEach
  void start() throws Exception {
    site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    site.createContext(
        "/",
        exchange -> {
          byte[] body = "<html><body>opening hours</body></html>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    site.start();
    gateway =
        new SpringApplicationBuilder(GatewayApplication.class)
            .properties("server.port=0", "server.address=127.0.0.1")
            // Arguments override application.properties; default properties would not.
            .run("--site.origin=http://127.0.0.1:" + site.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    gateway.close();
    site.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    String port = gateway.getEnvironment().getProperty("local.server.port");
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheLastGoodPageWhenTheSiteRefusesConnections() throws Exception {
    assertThat(get("/hours").body()).contains("opening hours");
    site.stop(0);

    HttpResponse<String> stale = get("/hours");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).contains("opening hours");
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("fwd=stale"));
  }

  @Test
  void leavesApiCallsAlone() throws Exception {
    get("/api/status");
    site.stop(0);

    assertThat(get("/api/status").statusCode()).isGreaterThanOrEqualTo(500);
  }
}
