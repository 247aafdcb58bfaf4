package dev.failsoft.webflux;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;

import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.CircuitBreaker;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The filter on a real Reactor Netty server, asked by a real HTTP client over loopback. */
class StaleIfErrorWebFilterTest {
  private static final String PAGE = "<html><body>news of the day</body></html>";

  private volatile HandlerFunction<ServerResponse> page = request -> good();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> served = new CopyOnWriteArrayList<>();
  private @Nullable WebFluxServer server;

  private static Mono<ServerResponse> good() {
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "max-age=1")
        .bodyValue(PAGE);
  }

  private void setPage(HandlerFunction<ServerResponse> handler) {
    page = handler;
  }

  private WebFluxServer start(StaleIfErrorWebFilter.Builder filter) {
    FailsoftListener recording =
        new FailsoftListener() {
          @Override
          public void onStaleServed(String key, String reason) {
            served.add(key + ": " + reason);
          }
        };
    HandlerFunction<ServerResponse> handler =
        request -> {
          calls.incrementAndGet();
          return page.handle(request);
        };
    server =
        new WebFluxServer(
            RouterFunctions.route(GET("/**").or(HEAD("/**")), handler),
            filter.listener(recording).build());
    return requireNonNull(server);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterAll
  static void noBufferLeaked() {
    LeakWatch.assertNoLeaks();
  }

  @Test
  void servesTheStoredCopyMarkedWhenTheHandlerErrors() throws Exception {
    WebFluxServer s = start(StaleIfErrorWebFilter.builder());
    assertThat(s.get("/news/today").body()).isEqualTo(PAGE);
    setPage(request -> Mono.error(new IllegalStateException("database down")));

    HttpResponse<String> stale = s.get("/news/today");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(PAGE);
    assertThat(stale.headers().firstValue("Age")).isPresent();
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Failsoft; fwd=stale"));
    assertThat(stale.headers().firstValueAsLong("Content-Length")).hasValue(PAGE.length());
    assertThat(served).hasSize(1);
  }

  @Test
  void servesTheStoredCopyInsteadOfAFailureStatusAndPassesTheFailureOnWithoutOne()
      throws Exception {
    WebFluxServer s = start(StaleIfErrorWebFilter.builder());
    s.get("/a");
    setPage(request -> ServerResponse.status(502).bodyValue("bad gateway from upstream"));

    HttpResponse<String> stale = s.get("/a");
    HttpResponse<String> noCopy = s.get("/never-seen");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(PAGE);
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("fwd-status=502"));
    assertThat(noCopy.statusCode()).isEqualTo(502);
    assertThat(noCopy.body()).isEqualTo("bad gateway from upstream");
    assertThat(noCopy.headers().firstValue("Proxy-Status"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Failsoft"));
  }

  @Test
  void anApplicationErrorIsReplacedOnlyOnRoutesThatCountItAsFailure() throws Exception {
    WebFluxServer s =
        start(
            StaleIfErrorWebFilter.builder()
                .route(
                    RouteRule.forPattern("/strict/**")
                        .failureStatuses(Set.of(500, 502, 503, 504))
                        .build()));
    s.get("/strict/page");
    s.get("/lenient/page");
    setPage(request -> ServerResponse.status(500).bodyValue("oops"));

    assertThat(s.get("/strict/page").body()).isEqualTo(PAGE);
    HttpResponse<String> lenient = s.get("/lenient/page");
    assertThat(lenient.statusCode()).isEqualTo(500);
    assertThat(lenient.body()).isEqualTo("oops");
  }

  @Test
  void servesTheStoredCopyWhenTheHandlerMissesTheSoftDeadline() throws Exception {
    WebFluxServer s =
        start(
            StaleIfErrorWebFilter.builder()
                .route(
                    RouteRule.forPattern("/slow/**").softDeadline(Duration.ofMillis(300)).build()));
    s.get("/slow/page");
    setPage(request -> Mono.never());

    HttpResponse<String> stale = s.get("/slow/page");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(PAGE);
    assertThat(stale.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("fwd=stale").contains("soft-deadline"));
  }

  @Test
  void anOpenCircuitServesTheCopyWithoutCallingTheHandler() throws Exception {
    WebFluxServer s =
        start(
            StaleIfErrorWebFilter.builder()
                .circuitBreaker(
                    CircuitBreaker.builder()
                        .consecutiveGatewayFailures(2)
                        .openDuration(Duration.ofMinutes(1))));
    s.get("/c");
    setPage(request -> ServerResponse.status(503).bodyValue("down"));
    s.get("/c");
    s.get("/c");
    int before = calls.get();

    HttpResponse<String> open = s.get("/c");

    assertThat(calls.get()).isEqualTo(before);
    assertThat(open.body()).isEqualTo(PAGE);
    assertThat(open.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(v -> assertThat(v).contains("hit").contains("circuit-open"));
  }

  @Test
  void answersAHeadFromTheStoredGetAndA304ToAMatchingConditionalRequest() throws Exception {
    WebFluxServer s = start(StaleIfErrorWebFilter.builder());
    setPage(
        request ->
            ServerResponse.ok()
                .header("ETag", "\"v1\"")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("four"));
    s.get("/h");
    setPage(request -> ServerResponse.status(504).build());

    HttpResponse<String> head = s.send("HEAD", "/h");
    HttpResponse<String> notModified = s.get("/h", "If-None-Match", "\"v1\"");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(4);
    assertThat(head.body()).isEmpty();
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.headers().firstValue("ETag")).contains("\"v1\"");
  }

  @Test
  void aBodyLongerThanTheCapPassesThroughWholeAndIsNotStored() throws Exception {
    WebFluxServer s = start(StaleIfErrorWebFilter.builder().bufferBytes(1024));
    setPage(
        request ->
            ServerResponse.ok()
                .contentType(MediaType.TEXT_PLAIN)
                .body(
                    BodyInserters.fromDataBuffers(
                        chunks(request.exchange().getResponse().bufferFactory(), 10, 700))));

    HttpResponse<String> big = s.get("/big");
    setPage(request -> ServerResponse.status(502).bodyValue("gone"));

    assertThat(big.body()).hasSize(7000).matches("x+");
    assertThat(s.get("/big").statusCode()).isEqualTo(502);
  }

  @Test
  void anEventStreamPassesThroughUntouched() throws Exception {
    WebFluxServer s = start(StaleIfErrorWebFilter.builder());
    setPage(
        request ->
            ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(
                    BodyInserters.fromServerSentEvents(
                        Flux.range(1, 3).map(i -> ServerSentEvent.builder("tick " + i).build()))));

    HttpResponse<String> events = s.get("/events");
    setPage(request -> ServerResponse.status(502).bodyValue("gone"));

    assertThat(events.body()).contains("data:tick 1", "data:tick 2", "data:tick 3");
    assertThat(events.headers().firstValue("Cache-Status")).isEmpty();
    assertThat(s.get("/events").statusCode()).isEqualTo(502);
  }

  @Test
  void aRouteTurnedOffIsLeftAlone() throws Exception {
    WebFluxServer s =
        start(
            StaleIfErrorWebFilter.builder()
                .route(RouteRule.forPattern("/admin/**").enabled(false).build()));
    s.get("/admin/x");
    setPage(request -> ServerResponse.status(502).bodyValue("gone"));

    HttpResponse<String> admin = s.get("/admin/x");

    assertThat(admin.statusCode()).isEqualTo(502);
    assertThat(admin.headers().firstValue("Proxy-Status")).isEmpty();
  }

  private static Flux<DataBuffer> chunks(DataBufferFactory factory, int count, int size) {
    byte[] bytes = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
    // Pooled buffers, so the leak detector sees each one the filter holds and releases.
    return Flux.range(0, count).map(i -> factory.allocateBuffer(size).write(bytes));
  }
}
