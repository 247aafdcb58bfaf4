package dev.failsoft.cli.internal;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Framing;
import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Netty gateway's proxy leg: forwards each request to the upstream through the JDK HttpClient's
 * asynchronous API and writes the answer back as it arrives — method, end-to-end headers, request
 * body, and the response body streamed with back-pressure (the next chunk is asked for once the
 * last one is written). A failure that leaves no response is retried when core's {@link
 * RetryPolicy} says it is safe, then becomes a 502 (504 for a timeout) with {@code Proxy-Status},
 * which {@code StaleIfErrorHandler} in front may replace with a stored copy. One per channel; runs
 * on its event loop.
 */
final class NettyUpstreamLeg extends ChannelInboundHandlerAdapter {
  /** RFC 9110 §7.6.1: fields that describe one connection, never forwarded. */
  private static final Set<String> HOP_BY_HOP = UpstreamServlet.HOP_BY_HOP;

  /** Fields the JDK client writes itself and refuses from callers. */
  private static final Set<String> CLIENT_OWNED = Set.of("host", "content-length", "expect");

  /**
   * What every channel's leg shares.
   *
   * @param client the upstream client
   * @param upstream the upstream's base URI (its path is a prefix)
   * @param name the gateway's name in Via and Proxy-Status
   * @param readTimeout the longest wait for the upstream's response head
   * @param retries when a failed attempt is repeated
   * @param lastFailure where the latest upstream failure is kept
   */
  record Config(
      HttpClient client,
      URI upstream,
      String name,
      Duration readTimeout,
      RetryPolicy retries,
      AtomicReference<Diagnosis> lastFailure) {}

  private final Config config;
  private final Diagnoser diagnoser = Diagnoser.standard();
  private HttpRequest request;
  private ByteArrayOutputStream body;
  private CompletableFuture<?> inFlight;
  private Flow.Subscription streaming;

  NettyUpstreamLeg(Config config) {
    this.config = config;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest r) {
        request = r;
        body = new ByteArrayOutputStream();
      }
      if (msg instanceof HttpContent c && request != null) {
        ByteBuf content = c.content();
        content.readBytes(body, content.readableBytes());
      }
      if (msg instanceof LastHttpContent && request != null) {
        HttpRequest r = request;
        byte[] bytes = body.toByteArray();
        request = null;
        body = null;
        forward(ctx, r, bytes, 1, Instant.now());
      }
    } catch (java.io.IOException e) {
      ctx.fireExceptionCaught(e);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (inFlight != null) {
      inFlight.cancel(true);
    }
    if (streaming != null) {
      streaming.cancel();
    }
    ctx.fireChannelInactive();
  }

  private void forward(
      ChannelHandlerContext ctx, HttpRequest r, byte[] bytes, int attempt, Instant started) {
    java.net.http.HttpRequest upstream = upstreamRequest(ctx, r, bytes);
    CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> call =
        config.client().sendAsync(upstream, HttpResponse.BodyHandlers.ofPublisher());
    inFlight = call;
    call.whenComplete(
        (response, error) ->
            ctx.executor()
                .execute(
                    () -> {
                      inFlight = null;
                      if (!ctx.channel().isActive()) {
                        if (response != null) {
                          discard(response);
                        }
                        return;
                      }
                      if (error != null) {
                        failed(ctx, r, bytes, attempt, started, unwrap(error));
                      } else {
                        answered(ctx, r, bytes, attempt, started, response);
                      }
                    }));
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private java.net.http.HttpRequest upstreamRequest(
      ChannelHandlerContext ctx, HttpRequest r, byte[] bytes) {
    String base = config.upstream().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String target = r.uri().startsWith("/") ? r.uri() : "/" + r.uri();
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(URI.create(base + target))
            .timeout(config.readTimeout());
    Set<String> connectionNamed = connectionTokens(r.headers().getAll(HttpHeaderNames.CONNECTION));
    for (Map.Entry<String, String> field : r.headers()) {
      String lower = field.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || connectionNamed.contains(lower)
          || CLIENT_OWNED.contains(lower)) {
        continue;
      }
      b.header(field.getKey(), field.getValue());
    }
    String host = r.headers().get(HttpHeaderNames.HOST);
    if (host != null) {
      b.header("X-Forwarded-Host", host);
    }
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
      b.header("X-Forwarded-For", remote.getAddress().getHostAddress());
    }
    b.header("X-Forwarded-Proto", "http");
    b.header("Via", r.protocolVersion().text().replace("HTTP/", "") + " " + config.name());
    boolean hasBody = bytes.length > 0 || HttpUtil.isTransferEncodingChunked(r);
    b.method(
        r.method().name(),
        hasBody
            ? java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)
            : java.net.http.HttpRequest.BodyPublishers.noBody());
    return b.build();
  }

  private RequestHead head(HttpRequest r) {
    Headers.Builder h = Headers.builder();
    for (Map.Entry<String, String> field : r.headers()) {
      h.addLenient(field.getKey(), field.getValue());
    }
    return new RequestHead(
        r.method().name(), URI.create(config.upstream().resolve(r.uri()).toString()), h.build());
  }

  private void failed(
      ChannelHandlerContext ctx,
      HttpRequest r,
      byte[] bytes,
      int attempt,
      Instant started,
      Throwable error) {
    Throwable cause =
        error instanceof HttpTimeoutException
            ? new java.net.SocketTimeoutException("no response within " + config.readTimeout())
            : error;
    Diagnosis d = diagnoser.diagnose(head(r), cause);
    if (retry(ctx, r, bytes, attempt, started, d)) {
      return;
    }
    config.lastFailure().set(d);
    FailureAnswer answer = FailureAnswer.of(config.name(), cause, d);
    DefaultFullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.copiedBuffer(answer.text(), StandardCharsets.UTF_8));
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=utf-8");
    out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    out.headers().set(HttpHeaderNames.DATE, HttpDate.format(Instant.now()));
    out.headers().set("Proxy-Status", answer.proxyStatus());
    HttpUtil.setContentLength(out, out.content().readableBytes());
    finish(ctx, r, out);
  }

  /** Retries when core's policy allows; returns whether a new attempt was started. */
  private boolean retry(
      ChannelHandlerContext ctx,
      HttpRequest r,
      byte[] bytes,
      int attempt,
      Instant started,
      Diagnosis d) {
    RetryDecision decision =
        config.retries().decide(d, attempt, Duration.between(started, Instant.now()));
    if (!decision.shouldRetry()) {
      return false;
    }
    ctx.executor()
        .schedule(
            () -> {
              if (ctx.channel().isActive()) {
                forward(ctx, r, bytes, attempt + 1, started);
              }
            },
            decision.delay().toNanos(),
            TimeUnit.NANOSECONDS);
    return true;
  }

  private void answered(
      ChannelHandlerContext ctx,
      HttpRequest r,
      byte[] bytes,
      int attempt,
      Instant started,
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
    int status = response.statusCode();
    Headers.Builder fields = Headers.builder();
    response.headers().map().forEach((k, vs) -> vs.forEach(v -> fields.addLenient(k, v)));
    Optional<String> framing = Framing.error(fields.build());
    if (framing.isPresent()) {
      // RFC 9112 §6.3, decided by core: a response whose length cannot be told is a failure.
      discard(response);
      failed(ctx, r, bytes, attempt, started, new ProtocolException(framing.get()));
      return;
    }
    if (status >= 500 || status == 429) {
      Diagnosis d =
          diagnoser.diagnose(head(r), ResponseHead.of(status, fields.build()), new byte[0]);
      if (retry(ctx, r, bytes, attempt, started, d)) {
        discard(response);
        return;
      }
      config.lastFailure().set(d);
    }
    DefaultHttpResponse out =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    Set<String> connectionNamed = connectionTokens(response.headers().allValues("Connection"));
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.startsWith(":")
                  || HOP_BY_HOP.contains(lower)
                  || connectionNamed.contains(lower)) {
                return;
              }
              out.headers().add(name, values);
            });
    boolean keepAlive = HttpUtil.isKeepAlive(r);
    if (!keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, "close");
    }
    boolean noBody =
        r.method().name().equals("HEAD") || status == 204 || status == 304 || status < 200;
    if (noBody) {
      discard(response);
      ctx.write(out);
      finish(ctx, r, LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    if (!out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setTransferEncodingChunked(out, true);
    }
    ctx.write(out);
    response.body().subscribe(new Relay(ctx, r));
  }

  /** Writes the last message and closes a connection the client does not keep. */
  private static void finish(ChannelHandlerContext ctx, HttpRequest r, Object last) {
    var written = ctx.writeAndFlush(last);
    if (!HttpUtil.isKeepAlive(r)) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
    response
        .body()
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.cancel();
              }

              @Override
              public void onNext(List<ByteBuffer> item) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
  }

  private static Set<String> connectionTokens(List<String> values) {
    Set<String> tokens = new HashSet<>();
    for (String v : values) {
      for (String t : v.split(",")) {
        tokens.add(t.strip().toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }

  /** Streams the upstream's body to the client, one chunk in flight at a time. */
  private final class Relay implements Flow.Subscriber<List<ByteBuffer>> {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private Flow.Subscription subscription;

    Relay(ChannelHandlerContext ctx, HttpRequest request) {
      this.ctx = ctx;
      this.request = request;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      ctx.executor().execute(() -> streaming = s);
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      ByteBuf chunk = Unpooled.wrappedBuffer(item.toArray(new ByteBuffer[0]));
      ctx.executor()
          .execute(
              () ->
                  ctx.writeAndFlush(new DefaultHttpContent(chunk))
                      .addListener(
                          f -> {
                            if (f.isSuccess()) {
                              subscription.request(1);
                            } else {
                              subscription.cancel();
                            }
                          }));
    }

    @Override
    public void onError(Throwable t) {
      // The head is out: aborting the connection is the only honest signal.
      ctx.executor()
          .execute(
              () -> {
                streaming = null;
                ctx.close();
              });
    }

    @Override
    public void onComplete() {
      ctx.executor()
          .execute(
              () -> {
                streaming = null;
                finish(ctx, request, LastHttpContent.EMPTY_LAST_CONTENT);
              });
    }
  }
}
