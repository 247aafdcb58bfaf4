package dev.failsoft.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.FaultServer.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway over real HTTP on loopback: pass-through, then its upstream failing for real. Every
 * test runs on each engine ({@code --engine jetty} and {@code netty}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(GatewayEngine.class)
class GatewayTest {
  @Parameter GatewayEngine engine;

  private static final String PAGE = "<html><body>product 42</body></html>";

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private GatewayServer gateway;
  private FaultServer upstream;
  private HttpServer echo;

  @AfterEach
  void stop() throws IOException {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    if (echo != null) {
      echo.stop(0);
    }
  }

  private static Gateway.Settings settings(String upstreamUrl, Optional<Duration> softDeadline) {
    return new Gateway.Settings(
        new InetSocketAddress("127.0.0.1", 0),
        HttpUrl.get(upstreamUrl),
        Duration.ofDays(1),
        Set.of(502, 503, 504),
        softDeadline,
        false,
        5,
        Duration.ofSeconds(5),
        16L << 20,
        1 << 20,
        false,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        2);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(gateway.url() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void startFaultUpstream() throws Exception {
    upstream = FaultServer.start();
    byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
    upstream.respond(
        ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nCache-Control: max-age=0"
                + "\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n"
                + PAGE)
            .getBytes(StandardCharsets.UTF_8));
    gateway = engine.start(settings(upstream.url(), Optional.empty()));
  }

  @Test
  void servesTheStoredCopyWhileTheUpstreamResetsRefusesOrAnswers502() throws Exception {
    startFaultUpstream();
    assertThat(get("/products/42").statusCode()).isEqualTo(200);

    for (Mode failure : new Mode[] {Mode.RESET, Mode.CLOSE_AFTER_REQUEST, Mode.GARBAGE}) {
      upstream.mode(failure);
      HttpResponse<String> r = get("/products/42");
      assertThat(r.statusCode()).as(failure.name()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(PAGE);
      assertThat(r.headers().firstValue("Cache-Status").orElse("")).contains("fwd=stale");
      assertThat(r.headers().firstValue("Age")).isPresent();
    }
    assertThat(gateway.lastFailure()).isPresent();
  }

  @Test
  void servesTheStoredCopyWhenTheUpstreamHangsPastTheSoftDeadline() throws Exception {
    upstream = FaultServer.start();
    upstream.respond(
        ("HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok")
            .getBytes(StandardCharsets.UTF_8));
    gateway = engine.start(settings(upstream.url(), Optional.of(Duration.ofMillis(300))));
    assertThat(get("/").body()).isEqualTo("ok");

    upstream.mode(Mode.HANG);
    HttpResponse<String> r = get("/");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.headers().firstValue("Cache-Status").orElse("")).contains("fwd=stale");
  }

  @Test
  void anAddressInUseFailsToStartWithAnIoException() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Gateway.Settings s = settings("http://127.0.0.1:1", Optional.empty());
      Gateway.Settings onTaken =
          new Gateway.Settings(
              new InetSocketAddress("127.0.0.1", taken.getLocalPort()),
              s.upstream(),
              s.maxStale(),
              s.failureStatuses(),
              s.softDeadline(),
              s.breaker(),
              s.breakerFailures(),
              s.breakerOpen(),
              s.storeBytes(),
              s.bufferBytes(),
              s.banner(),
              s.connectTimeout(),
              s.readTimeout(),
              s.maxAttempts());

      // GatewayCommand turns an IOException into its one-line "cannot listen" error.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.start(onTaken))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void withoutACopyAFailureIsA502NamingTheCause() throws Exception {
    gateway =
        engine.start(settings("http://127.0.0.1:" + FaultServer.closedPort(), Optional.empty()));

    HttpResponse<String> r = get("/never-stored");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().allValues("Proxy-Status").toString()).contains("connection_refused");
  }

  @Test
  void passesMethodsHeadersQueriesAndBodiesThroughBothWays() throws Exception {
    echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          byte[] in = exchange.getRequestBody().readAllBytes();
          String summary =
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " x-demo="
                  + exchange.getRequestHeaders().getFirst("X-Demo")
                  + " via="
                  + exchange.getRequestHeaders().getFirst("Via")
                  + " conn-token="
                  + exchange.getRequestHeaders().getFirst("X-Hop")
                  + " body="
                  + new String(in, StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Echo", "yes");
          exchange.getResponseHeaders().add("Set-Cookie", "a=1");
          exchange.getResponseHeaders().add("Set-Cookie", "b=2");
          byte[] out = summary.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(201, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    echo.start();
    gateway =
        engine.start(settings("http://127.0.0.1:" + echo.getAddress().getPort(), Optional.empty()));

    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(gateway.url() + "/orders?id=7&x=%20y"))
                .header("X-Demo", "1")
                .header("X-Hop", "secret")
                .POST(HttpRequest.BodyPublishers.ofString("{\"qty\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body())
        .isEqualTo(
            "POST /orders?id=7&x=%20y x-demo=1 via=1.1 "
                + Gateway.NAME
                + " conn-token=secret body={\"qty\":2}");
    assertThat(r.headers().firstValue("X-Echo")).contains("yes");
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");

    for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
      HttpResponse<String> m =
          client.send(
              HttpRequest.newBuilder(URI.create(gateway.url() + "/x"))
                  .method(method, HttpRequest.BodyPublishers.ofString("b"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(m.body()).startsWith(method + " /x ").endsWith("body=b");
    }
  }

  @Test
  void streamsABodyLargerThanTheBufferIntact() throws Exception {
    byte[] big = new byte[5 << 20];
    new java.util.Random(5).nextBytes(big);
    echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0); // chunked
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < big.length; i += 64 * 1024) {
              out.write(big, i, Math.min(64 * 1024, big.length - i));
            }
          }
        });
    echo.start();
    gateway =
        engine.start(settings("http://127.0.0.1:" + echo.getAddress().getPort(), Optional.empty()));

    HttpResponse<InputStream> r =
        client.send(
            HttpRequest.newBuilder(URI.create(gateway.url() + "/big")).build(),
            HttpResponse.BodyHandlers.ofInputStream());

    try (InputStream in = r.body()) {
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(big));
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void withoutACopyTheUpstreamsOwnFailureAnswerPassesThrough() throws Exception {
    upstream = FaultServer.start();
    upstream.respond(503, "Service Unavailable", "text/plain", "down for maintenance");
    gateway = engine.start(settings(upstream.url(), Optional.empty()));

    HttpResponse<String> r = get("/maintenance");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("down for maintenance");
  }

  @Test
  void streamsALargeUploadToTheUpstreamIntact() throws Exception {
    byte[] big = new byte[3 << 20];
    new java.util.Random(9).nextBytes(big);
    echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          byte[] in = exchange.getRequestBody().readAllBytes();
          byte[] digest;
          try {
            digest = sha256(in).getBytes(StandardCharsets.US_ASCII);
          } catch (Exception e) {
            throw new IOException(e);
          }
          exchange.sendResponseHeaders(200, digest.length);
          exchange.getResponseBody().write(digest);
          exchange.close();
        });
    echo.start();
    gateway =
        engine.start(settings("http://127.0.0.1:" + echo.getAddress().getPort(), Optional.empty()));

    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(gateway.url() + "/up"))
                .PUT(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(sha256(big));
  }

  @Test
  void anOpenBreakerStopsCallingTheFailingUpstreamAndKeepsServingStale() throws Exception {
    upstream = FaultServer.start();
    upstream.respond(
        ("HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok")
            .getBytes(StandardCharsets.UTF_8));
    gateway =
        engine.start(
            new Gateway.Settings(
                new InetSocketAddress("127.0.0.1", 0),
                HttpUrl.get(upstream.url()),
                Duration.ofDays(1),
                Set.of(502, 503, 504),
                Optional.empty(),
                true,
                2,
                Duration.ofMinutes(1),
                16L << 20,
                1 << 20,
                false,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                1));
    assertThat(get("/").body()).isEqualTo("ok");

    upstream.respond(503, "Service Unavailable", "text/plain", "down");
    for (int i = 0; i < 2; i++) {
      assertThat(get("/").body()).isEqualTo("ok");
    }
    int calls = upstream.requestCount();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get("/");
      assertThat(r.body()).isEqualTo("ok");
      assertThat(r.headers().firstValue("Cache-Status").orElse("")).contains("circuit-open");
    }

    assertThat(upstream.requestCount()).as("calls after the breaker opened").isEqualTo(calls);
  }

  private void startStoredPageUpstream() throws Exception {
    startFaultUpstream();
    assertThat(get("/products/42").statusCode()).isEqualTo(200);
  }

  @Test
  void anUpstreamFramingWithContentLengthAndTransferEncodingServesTheStoredCopy() throws Exception {
    startStoredPageUpstream();
    // RFC 9112 §6.3: both framings at once; the chunked body is longer than the Content-Length.
    upstream.respond(
        FaultServer.raw(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close",
            "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n"));

    HttpResponse<String> r = get("/products/42");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(PAGE);
    assertThat(r.headers().firstValue("Cache-Status").orElse("")).contains("fwd=stale");
  }

  @Test
  void anUpstreamFramingWithContentLengthAndTransferEncodingWithoutACopyIsA502() throws Exception {
    upstream = FaultServer.start();
    upstream.respond(
        FaultServer.raw(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close",
            "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n"));
    gateway = Gateway.start(settings(upstream.url(), Optional.empty()));

    HttpResponse<String> r = get("/never-stored");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().allValues("Proxy-Status").toString()).contains("error=");
  }

  @Test
  void aResponseWithConflictingContentLengthsIsNeverStoredNorServedStale() throws Exception {
    upstream = FaultServer.start();
    upstream.respond(
        FaultServer.raw(
            "HTTP/1.1 200 OK\r\nCache-Control: max-age=0\r\nContent-Length: 2\r\n"
                + "Content-Length: 4\r\nConnection: close",
            "okok"));
    gateway = Gateway.start(settings(upstream.url(), Optional.empty()));
    assertThat(get("/twice").statusCode()).isEqualTo(502);

    upstream.respond(502, "Bad Gateway", "text/plain", "down");
    HttpResponse<String> r = get("/twice");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).isEqualTo("down");
    assertThat(r.headers().firstValue("Cache-Status").orElse("")).doesNotContain("fwd=stale");
  }

  @Test
  void aRelayed502CarriesTheGatewaysProxyStatusMemberOnce() throws Exception {
    upstream = FaultServer.start();
    upstream.respond(502, "Bad Gateway", "text/plain", "upstream says no");
    gateway = Gateway.start(settings(upstream.url(), Optional.empty()));

    HttpResponse<String> r = get("/relayed");

    assertThat(r.statusCode()).isEqualTo(502);
    String field = String.join(", ", r.headers().allValues("Proxy-Status"));
    assertThat(field.split("Failsoft;", -1)).as(field).hasSize(2);
    assertThat(field).contains("received-status=502");
  }

  @Test
  void aMalformedChunkedRequestBodyFromTheClientIsA400() throws Exception {
    upstream = FaultServer.start();
    gateway = Gateway.start(settings(upstream.url(), Optional.empty()));
    URI url = URI.create(gateway.url());

    String answer;
    try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /orders HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n"
                      + "Content-Type: text/plain\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    assertThat(answer).startsWith("HTTP/1.1 400 ");
  }
}
