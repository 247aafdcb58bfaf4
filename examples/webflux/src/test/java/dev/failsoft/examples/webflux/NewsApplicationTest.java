package dev.failsoft.examples.webflux;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The site on a real port, its content API a real loopback server that starts failing. */
class NewsApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer api;
  private ConfigurableApplicationContext site;

  @BeforeEach
  void start() throws Exception {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    api.createContext(
        "/stories/",
        exchange -> {
          byte[] body = "Harbour reopens".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
    site =
        new SpringApplicationBuilder(NewsApplication.class)
            .properties("server.port=0", "server.address=127.0.0.1")
            // Arguments override application.properties; default properties would not.
            .run("--news.upstream=http://127.0.0.1:" + api.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    site.close();
    api.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    String port = site.getEnvironment().getProperty("local.server.port");
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheLastGoodPageMarkedWhenTheContentApiFails() throws Exception {
    assertThat(get("/news/1").body()).contains("Harbour reopens");
    status.set(503);

    HttpResponse<String> stale = get("/news/1");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).contains("Harbour reopens");
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("fwd=stale"));
  }
}
