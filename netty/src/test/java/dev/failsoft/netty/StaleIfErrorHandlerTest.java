package dev.failsoft.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.RequestHead;
import dev.failsoft.policy.CircuitBreaker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler between a real Netty server's codec and a real Netty application, over sockets. */
@ExtendWith(LeakCheck.class)
class StaleIfErrorHandlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Origin origin = new Origin();
  private final CaffeineStaleStore store =
      CaffeineStaleStore.builder().executor(Runnable::run).build();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    assertThat(origin.writes).allSatisfy(f -> assertThat(f.isDone()).isTrue());
    assertThat(origin.bodies).allSatisfy(b -> assertThat(b.refCnt()).isZero());
  }

  private TestServer start(StaleIfErrorHandler.Builder builder) throws InterruptedException {
    return start(1, builder.store(store).build());
  }

  private TestServer start(int threads, StaleIfErrorHandler.Factory factory)
      throws InterruptedException {
    TestServer server = new TestServer(threads, factory::newHandler, origin::newHandler);
    closing.add(0, server);
    return server;
  }

  private HttpResponse<String> get(TestServer server, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.url(path))).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> head(TestServer server, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.url(path)))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheStoredCopyMarkedWhenTheApplicationAnswers502() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/news", origin.page("<p>today</p>"));
    assertThat(get(server, "/news").body()).isEqualTo("<p>today</p>");

    origin.on("/news", origin.status(502, "bad gateway"));
    HttpResponse<String> stale = get(server, "/news");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("<p>today</p>");
    assertThat(stale.headers().firstValue("Age")).isPresent();
    assertThat(stale.headers().firstValue("Cache-Status").orElseThrow())
        .contains("fwd=stale")
        .contains("fwd-status=502");
    assertThat(stale.headers().firstValue("Content-Length")).contains("12");
  }

  @Test
  void servesTheStoredCopyWhenTheApplicationThrows() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/news", origin.page("<p>today</p>"));
    get(server, "/news");

    origin.on("/news", origin.throwing());
    HttpResponse<String> stale = get(server, "/news");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("<p>today</p>");
    assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=stale");
    // The connection stays usable after the replaced failure.
    origin.on("/news", origin.page("<p>tomorrow</p>"));
    assertThat(get(server, "/news").body()).isEqualTo("<p>tomorrow</p>");
  }

  @Test
  void servesTheStoredCopyAtTheSoftDeadlineAndReleasesTheLateAnswer() throws Exception {
    TestServer server =
        start(
            StaleIfErrorHandler.builder()
                .defaultRoute(Route.forPattern("/*").softDeadline(Duration.ofMillis(200)).build()));
    origin.on("/slow", origin.page("<p>first</p>"));
    get(server, "/slow");

    origin.on("/slow", origin.after(Duration.ofSeconds(1), origin.page("<p>late</p>")));
    HttpResponse<String> stale = get(server, "/slow");

    assertThat(stale.body()).isEqualTo("<p>first</p>");
    assertThat(stale.headers().firstValue("Cache-Status").orElseThrow())
        .contains("detail=soft-deadline");
    // The late answer arrives on the same connection and is released unseen; the next request
    // gets its own answer.
    origin.on("/slow", origin.page("<p>now</p>"));
    assertThat(get(server, "/slow").body()).isEqualTo("<p>now</p>");
    assertThat(origin.hits()).isEqualTo(3);
  }

  @Test
  void aSuccessfulPostMakesTheStoredCopyObsolete() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/news", origin.page("<p>today</p>"));
    get(server, "/news");
    HttpResponse<String> posted =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url("/news")))
                .POST(HttpRequest.BodyPublishers.ofString("edit"))
                .timeout(TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(200);

    origin.on("/news", origin.status(502, "down"));
    HttpResponse<String> failed = get(server, "/news");

    // RFC 9111 §4.4, decided by core: the edited page's old copy is never served.
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.headers().firstValue("Proxy-Status")).isPresent();
  }

  @Test
  void passesAFailureItCannotReplaceOnWithProxyStatus() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on(
        "/new", origin.full(503, "try later", "Proxy-Status", "app; error=http_request_error"));

    HttpResponse<String> failed = get(server, "/new");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).isEqualTo("try later");
    assertThat(failed.headers().firstValue("Proxy-Status").orElseThrow())
        .startsWith("app; error=http_request_error, Failsoft; error=");
  }

  @Test
  void turnsAnExceptionWithNoCopyIntoA500WithProxyStatus() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/new", origin.throwing());

    HttpResponse<String> failed = get(server, "/new");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEmpty();
    assertThat(failed.headers().firstValue("Proxy-Status").orElseThrow()).startsWith("Failsoft");
  }

  @Test
  void answersAHeadFromTheStoredGetWithOnlyItsLength() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/doc", origin.page("0123456789"));
    get(server, "/doc");

    origin.on("/doc", origin.status(504, ""));
    HttpResponse<String> stale = head(server, "/doc");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.headers().firstValue("Content-Length")).contains("10");
    assertThat(stale.body()).isEmpty();
    assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=stale");
  }

  @Test
  void storesAResponseWrittenInManyChunksWithoutAnAggregator() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on(
        "/parts",
        origin.chunked(200, List.of("one,", "two,", "three"), "Content-Type", "text/plain"));
    assertThat(get(server, "/parts").body()).isEqualTo("one,two,three");

    origin.on("/parts", origin.status(502, "down"));
    HttpResponse<String> stale = get(server, "/parts");

    assertThat(stale.body()).isEqualTo("one,two,three");
    assertThat(
            server.channel.pipeline().get(io.netty.handler.codec.http.HttpObjectAggregator.class))
        .isNull();
  }

  @Test
  void doesNotStallAWriterThatWaitsForEachWriteWhileTheResponseIsHeld() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/paced", origin.paced(List.of("a", "b", "c", "d")));

    assertThat(get(server, "/paced").body()).isEqualTo("abcd");
    origin.on("/paced", origin.status(502, "down"));
    assertThat(get(server, "/paced").body()).isEqualTo("abcd");
  }

  @Test
  void passesABodyLargerThanTheCapThroughUntouchedAndNeverStoresIt() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder().bufferBytes(1024));
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      parts.add(String.valueOf((char) ('a' + i)).repeat(512));
    }
    origin.on("/big", origin.chunked(200, parts, "Content-Type", "text/plain"));
    assertThat(get(server, "/big").body()).isEqualTo(String.join("", parts));

    origin.on("/big", origin.status(502, "down"));
    HttpResponse<String> failed = get(server, "/big");

    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body()).isEqualTo("down");
  }

  @Test
  void passesAnEventStreamThroughAsItIsWrittenAndNeverStoresIt() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    CompletableFuture<Runnable> finish = new CompletableFuture<>();
    origin.on(
        "/events",
        (ctx, request) -> {
          io.netty.handler.codec.http.DefaultHttpResponse head =
              new io.netty.handler.codec.http.DefaultHttpResponse(
                  io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                  io.netty.handler.codec.http.HttpResponseStatus.OK);
          head.headers().set("Content-Type", "text/event-stream");
          io.netty.handler.codec.http.HttpUtil.setTransferEncodingChunked(head, true);
          ctx.write(head);
          ctx.writeAndFlush(
              new io.netty.handler.codec.http.DefaultHttpContent(
                  origin.pooled(ctx, "data: one\n\n")));
          finish.complete(
              () ->
                  ctx.executor()
                      .execute(
                          () ->
                              ctx.writeAndFlush(
                                  new io.netty.handler.codec.http.DefaultLastHttpContent(
                                      origin.pooled(ctx, "data: two\n\n")))));
        });

    try (RawClient raw = new RawClient(server.port(), TIMEOUT)) {
      raw.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      // The first event arrives while the stream is still open.
      assertThat(raw.readUntil("data: one", 1)).contains("text/event-stream");
      finish.get(10, TimeUnit.SECONDS).run();
      assertThat(raw.readUntil("data: two", 1)).contains("data: two");
    }

    origin.on("/events", origin.status(503, "down"));
    assertThat(get(server, "/events").statusCode()).isEqualTo(503);
  }

  @Test
  void keepsPipelinedResponsesInRequestOrderWhileAStoredCopyIsRead() throws Exception {
    StaleStore slowReads = new SlowStore(store, 150);
    TestServer server = start(1, StaleIfErrorHandler.builder().store(slowReads).build());
    origin.on("/a", origin.page("page a"));
    origin.on("/b", origin.page("page b"));
    get(server, "/a");

    origin.on("/a", origin.status(502, "down"));
    try (RawClient raw = new RawClient(server.port(), TIMEOUT)) {
      String host = "Host: 127.0.0.1:" + server.port() + "\r\n\r\n";
      raw.send(
          "GET /a HTTP/1.1\r\n"
              + host
              + "GET /b HTTP/1.1\r\n"
              + host
              + "GET /a HTTP/1.1\r\n"
              + host);
      String text = raw.readUntil("HTTP/1.1 200", 3);
      while (RawClient.count(text, "page ") < 3) {
        text = raw.readUntil("page ", RawClient.count(text, "page ") + 1);
      }

      assertThat(text.indexOf("page a")).isLessThan(text.indexOf("page b"));
      assertThat(text.lastIndexOf("page a")).isGreaterThan(text.indexOf("page b"));
      assertThat(RawClient.count(text, "fwd=stale")).isEqualTo(2);
    }
  }

  @Test
  void keepsServingOtherConnectionsWhileAStoredCopyIsBeingRead() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    StaleStore gated =
        new ForwardingStore(store) {
          @Override
          public CompletionStage<Optional<StoredResponse>> getAsync(
              CacheKey key, RequestHead request) {
            return release.thenApply(v -> store.get(key, request));
          }
        };
    // One event loop thread for every connection: a blocked read would stall them all.
    TestServer server = start(1, StaleIfErrorHandler.builder().store(gated).build());
    origin.on("/a", origin.page("page a"));
    origin.on("/b", origin.page("page b"));
    get(server, "/a");
    origin.on("/a", origin.status(502, "down"));

    CompletableFuture<HttpResponse<String>> pending =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create(server.url("/a"))).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> meanwhile =
        other.send(
            HttpRequest.newBuilder(URI.create(server.url("/b"))).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(meanwhile.body()).isEqualTo("page b");
    assertThat(pending).isNotDone();
    release.complete(null);
    assertThat(pending.get(10, TimeUnit.SECONDS).body()).isEqualTo("page a");
  }

  @Test
  void answersFromTheCopyWithoutAskingTheApplicationWhileTheCircuitIsOpen() throws Exception {
    TestServer server =
        start(
            StaleIfErrorHandler.builder()
                .circuitBreaker(
                    CircuitBreaker.builder()
                        .consecutiveGatewayFailures(2)
                        .openDuration(Duration.ofMinutes(1))
                        .config()));
    origin.on("/news", origin.page("<p>today</p>"));
    get(server, "/news");
    origin.on("/news", origin.status(502, "down"));
    get(server, "/news");
    get(server, "/news");
    int asked = origin.hits();

    HttpResponse<String> stale = get(server, "/news");

    assertThat(origin.hits()).isEqualTo(asked);
    assertThat(stale.body()).isEqualTo("<p>today</p>");
    assertThat(stale.headers().firstValue("Cache-Status").orElseThrow())
        .contains("detail=circuit-open");
  }

  @Test
  void keepsOnlyAHeapCopyOfTheBodyAndReleasesThePooledOriginal() throws Exception {
    TestServer server = start(StaleIfErrorHandler.builder());
    origin.on("/p", origin.chunked(200, List.of("pooled ", "bytes"), "Content-Type", "text/plain"));
    get(server, "/p");
    origin.on("/q", origin.page("whole"));
    get(server, "/q");

    assertThat(origin.bodies).isNotEmpty().allSatisfy(b -> assertThat(b.refCnt()).isZero());
    // Reuse the pool's memory: a view into it would now read other bytes.
    for (int i = 0; i < 64; i++) {
      ByteBuf scribble = ByteBufAllocator.DEFAULT.directBuffer(64);
      scribble.writeBytes("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX".getBytes());
      scribble.release();
    }
    StoredResponse stored =
        store
            .get(
                CacheKey.of(RequestHead.get(server.url("/p"))).orElseThrow(),
                RequestHead.get(server.url("/p")))
            .orElseThrow();
    assertThat(stored.body().isDirect()).isFalse();
    assertThat(new String(stored.bodyBytes())).isEqualTo("pooled bytes");
    origin.on("/p", origin.status(503, ""));
    assertThat(get(server, "/p").body()).isEqualTo("pooled bytes");
  }

  @Test
  void completesThePromiseOfEveryMessageItSwallows() throws Exception {
    TestServer server =
        start(
            StaleIfErrorHandler.builder()
                .defaultRoute(Route.forPattern("/*").softDeadline(Duration.ofMillis(100)).build()));
    origin.on("/x", origin.page("kept"));
    get(server, "/x");
    CompletableFuture<ChannelFuture> lateWrite = new CompletableFuture<>();
    origin.on(
        "/x",
        origin.after(
            Duration.ofMillis(600),
            (ctx, request) -> {
              origin.status(502, "late failure").answer(ctx, request);
              lateWrite.complete(origin.writes.stream().reduce((a, b) -> b).orElseThrow());
            }));

    assertThat(get(server, "/x").body()).isEqualTo("kept");
    ChannelFuture swallowed = lateWrite.get(10, TimeUnit.SECONDS);

    swallowed.await(10, TimeUnit.SECONDS);
    assertThat(swallowed.isSuccess()).isTrue();
  }

  /** A store whose reads answer later, on another thread, as a remote store's would. */
  static class SlowStore extends ForwardingStore {
    private final long delayMillis;

    SlowStore(StaleStore delegate, long delayMillis) {
      super(delegate);
      this.delayMillis = delayMillis;
    }

    @Override
    public CompletionStage<Optional<StoredResponse>> getAsync(CacheKey key, RequestHead request) {
      return CompletableFuture.supplyAsync(
          () -> delegate.get(key, request),
          CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }
  }

  /** Passes everything to another store. */
  static class ForwardingStore implements StaleStore {
    final StaleStore delegate;

    ForwardingStore(StaleStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
      return delegate.get(key, request);
    }

    @Override
    public boolean put(StoredResponse response, Duration retention) {
      return delegate.put(response, retention);
    }

    @Override
    public void remove(CacheKey key) {
      delegate.remove(key);
    }
  }
}
