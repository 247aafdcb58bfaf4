package dev.failsoft.netty.internal;

import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.cache.StaleCache;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.netty.Route;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's side of the handler: attributes every response message to its request, holds a
 * response up to the cap until its outcome is known, and asks core what to do with it. Every
 * caching decision is {@link StaleCache}'s; this class only moves Netty messages. All methods run
 * on the channel's event loop; a store read continues there.
 */
public final class Conduit {
  private static final Logger log = LoggerFactory.getLogger(Conduit.class);
  private static final int DIAGNOSIS_PREFIX = 8192;

  private final Engine engine;
  private final ChannelHandler catcher;
  private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>(2);
  private final ArrayDeque<Object> heldInbound = new ArrayDeque<>(0);
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable Exchange reading;
  private boolean inboundPaused;
  private boolean upgraded;
  private boolean closed;
  private @Nullable Throwable fromBelow;

  /**
   * Creates the state of one channel.
   *
   * @param engine the shared configuration
   */
  public Conduit(Engine engine) {
    this.engine = engine;
    this.catcher = new ExceptionCatcher(this);
  }

  /**
   * Remembers the handler's context.
   *
   * @param context the context
   */
  public void added(ChannelHandlerContext context) {
    this.ctx = context;
  }

  private ChannelHandlerContext ctx() {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      throw new IllegalStateException("StaleIfErrorHandler used before it was added to a pipeline");
    }
    return c;
  }

  // ---------------------------------------------------------------- inbound

  /**
   * A message from the client's side.
   *
   * @param msg the message
   */
  public void read(Object msg) {
    if (inboundPaused
        || !heldInbound.isEmpty()
        || msg instanceof HttpRequest && applicationBehind()) {
      heldInbound.add(msg);
      return;
    }
    dispatch(msg);
  }

  /**
   * Whether the handlers behind are still answering a request whose client already has its answer
   * (a copy sent at the soft deadline). The next request waits until they are done: they answer in
   * request order, and the client, answered, may send it before they are (RFC 9112 §9.3.2).
   */
  private boolean applicationBehind() {
    for (Exchange ex : exchanges) {
      if (ex.wireDone && !ex.userDone) {
        return true;
      }
    }
    return false;
  }

  /** Passes on the requests that waited, as far as nothing else holds them. */
  private void drainInbound() {
    for (Object msg; !inboundPaused && (msg = heldInbound.peek()) != null; ) {
      if (msg instanceof HttpRequest && applicationBehind()) {
        return;
      }
      heldInbound.poll();
      dispatch(msg);
    }
  }

  private void dispatch(Object msg) {
    ChannelHandlerContext c = ctx();
    if (upgraded || closed) {
      c.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      Exchange ex = open(c, request);
      exchanges.add(ex);
      reading = ex;
      CircuitBreaker breaker = ex.breaker;
      if (breaker != null && ex.head != null && !breaker.tryAcquirePermission()) {
        // Open: answer from the stored copy and spare the failing handler. Without a copy the
        // request goes through uncounted (the breaker never blocks a page it cannot replace).
        ex.breaker = null;
        inboundPaused = true;
        StaleCache cache = requireCache(ex);
        continueOnLoop(
            cache.serveInsteadAsync(
                ex.head,
                Diagnosis.circuitOpen(ex.route.pattern(), breaker.isHeld()),
                StaleCache.Reason.CIRCUIT_OPEN),
            answer -> circuitOpenDecided(ex, msg, answer));
        return;
      }
      forward(c, ex, msg);
      return;
    }
    Exchange ex = reading;
    if (ex != null && ex.skipRequest) {
      if (msg instanceof LastHttpContent) {
        reading = null;
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    c.fireChannelRead(msg);
  }

  private Exchange open(ChannelHandlerContext c, HttpRequest request) {
    Instant now = engine.settings().clock().instant();
    String path = new QueryStringDecoder(request.uri()).path();
    Route route = engine.route(path);
    HttpMethod method = request.method();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!route.enabled() || request.decoderResult().isFailure()) {
      return new Exchange(null, route, null, request.protocolVersion(), keepAlive, now, path);
    }
    StaleCache cache = engine.cache(route);
    boolean safe = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
    Optional<RequestHead> head = NettyHeads.request(request, scheme(c));
    if (!safe) {
      // Core invalidates on an unsafe method's success (RFC 9111 §4.4); the response is not held.
      Exchange ex =
          new Exchange(null, route, cache, request.protocolVersion(), keepAlive, now, path);
      ex.invalidates = head.orElse(null);
      return ex;
    }
    Exchange ex =
        new Exchange(
            head.orElse(null), route, cache, request.protocolVersion(), keepAlive, now, path);
    ex.breaker = engine.breaker(route);
    return ex;
  }

  private static String scheme(ChannelHandlerContext c) {
    ChannelPipeline p = c.pipeline();
    boolean tls =
        p.get(SslHandler.class) != null
            || c.channel().parent() != null
                && c.channel().parent().pipeline().get(SslHandler.class) != null;
    return tls ? "https" : "http";
  }

  private void forward(ChannelHandlerContext c, Exchange ex, Object request) {
    ensureCatcherLast(c);
    Optional<Duration> deadline = ex.route.softDeadline();
    if (ex.head != null && deadline.isPresent()) {
      Duration d = deadline.get();
      ex.deadline =
          c.executor().schedule(() -> deadlinePassed(ex, d), d.toNanos(), TimeUnit.NANOSECONDS);
    }
    c.fireChannelRead(request);
  }

  /** The catcher must be the last handler so that it sees what the handlers behind let through. */
  private void ensureCatcherLast(ChannelHandlerContext c) {
    ChannelPipeline p = c.pipeline();
    if (p.last() == catcher) {
      return;
    }
    if (p.context(catcher) != null) {
      p.remove(catcher);
    }
    p.addLast(catcher);
  }

  private void circuitOpenDecided(Exchange ex, Object request, Optional<StaleAnswer> answer) {
    if (closed) {
      ReferenceCountUtil.release(request);
      return;
    }
    ChannelHandlerContext c = ctx();
    if (answer.isPresent()) {
      ex.skipRequest = true;
      ex.userDone = true;
      ex.state = Exchange.State.DONE;
      if (request instanceof LastHttpContent) {
        reading = null;
      }
      ReferenceCountUtil.release(request);
      engine
          .settings()
          .listener()
          .onStaleServed(
              ex.key,
              "circuit open for "
                  + ex.route.pattern()
                  + " (age "
                  + answer.get().ageSeconds()
                  + "s)");
      ChannelFuture written = writeAnswer(ex, answer.get());
      if (!ex.keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
      retire(ex);
      c.flush();
    } else {
      forward(c, ex, request);
    }
    inboundPaused = false;
    drainInbound();
  }

  // ---------------------------------------------------------------- outbound

  /**
   * A message written by the handlers behind.
   *
   * @param msg the message
   * @param promise its promise
   */
  public void write(Object msg, ChannelPromise promise) {
    ChannelHandlerContext c = ctx();
    Exchange ex = upgraded || closed || !(msg instanceof HttpObject) ? null : userTarget();
    if (ex == null) {
      c.write(msg, promise);
      return;
    }
    if (msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      if (r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        // From here on the connection speaks another protocol.
        upgraded = true;
        ex.cancelDeadline();
      }
      emit(ex, msg, promise, false);
      return;
    }
    boolean last = msg instanceof LastHttpContent;
    switch (ex.state) {
      case PASS -> {
        if (msg instanceof HttpResponse r && ex.invalidates != null && ex.cache != null) {
          ex.cache.offer(ex.invalidates, NettyHeads.view(r), ex.sent, now());
        }
        markUserDone(ex, last);
        emit(ex, msg, promise, last);
      }
      case SWALLOW, DONE -> {
        markUserDone(ex, last);
        swallow(ex, msg, promise);
      }
      case AWAIT -> {
        if (msg instanceof HttpResponse r) {
          head(ex, r, msg, promise);
        } else {
          // A body with no head: not a response this handler can read.
          ex.state = Exchange.State.PASS;
          ex.cancelDeadline();
          markUserDone(ex, last);
          emit(ex, msg, promise, last);
        }
      }
      case HOLD, DECIDE -> hold(ex, (HttpContent) msg, promise);
    }
  }

  private void markUserDone(Exchange ex, boolean last) {
    if (last) {
      ex.userDone = true;
      if (ex.state == Exchange.State.SWALLOW) {
        ex.state = Exchange.State.DONE;
        if (!heldInbound.isEmpty()) {
          // Not from inside the application's write: it gets the next request after returning.
          ctx().executor().execute(this::drainInbound);
        }
      }
    }
  }

  private void head(Exchange ex, HttpResponse response, Object msg, ChannelPromise promise) {
    StaleCache cache = requireCache(ex);
    RequestHead request = requireHead(ex);
    int status = response.status().code();
    ex.failureStatus = ex.route.isFailure(status);
    if (!ex.failureStatus && isEventStream(response)) {
      // A stream of events is never held, never stored: it passes through as it is written.
      succeed(ex);
      ex.state = Exchange.State.PASS;
      boolean last = msg instanceof LastHttpContent;
      markUserDone(ex, last);
      emit(ex, msg, promise, last);
      return;
    }
    if (!ex.failureStatus) {
      ex.storing = cache.offer(request, NettyHeads.view(response), ex.sent, now()).orElse(null);
    }
    if (msg instanceof FullHttpResponse full && !ex.failureStatus) {
      // The whole answer in one message: its outcome is known now, so it goes through as it is.
      // Core reads the body in place (an unchanged page costs a comparison) and copies it to the
      // heap only when it stores it; no view is kept.
      succeed(ex);
      ex.state = Exchange.State.PASS;
      ex.userDone = true;
      StaleCache.Storing storing = ex.storing;
      ex.storing = null;
      ByteBuf content = full.content();
      if (storing != null && content.readableBytes() <= storing.maxBodyBytes()) {
        storing.complete(content.nioBuffer());
      }
      emit(ex, msg, promise, true);
      return;
    }
    ex.state = Exchange.State.HOLD;
    if (msg instanceof HttpContent content) {
      ex.heldHead = headOnly(response);
      hold(ex, content, promise);
      return;
    }
    ex.heldHead = response;
    // Held, it counts as written: a writer that waits for each write before the next must not
    // stall on the hold. Only the last message's promise waits for the real write.
    promise.trySuccess();
    long length = HttpUtil.getContentLength(response, -1L);
    if (length > 0 && length <= engine.settings().bufferBytes()) {
      ex.body.expect((int) length);
    }
  }

  private static HttpResponse headOnly(HttpResponse full) {
    return new io.netty.handler.codec.http.DefaultHttpResponse(
        full.protocolVersion(), full.status(), new DefaultHttpHeaders().set(full.headers()));
  }

  private static boolean isEventStream(HttpResponse response) {
    String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type != null
        && type.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length());
  }

  /**
   * Copies a body chunk to the heap and releases the original; its promise waits for the outcome.
   */
  private void hold(Exchange ex, HttpContent content, ChannelPromise promise) {
    boolean last = content instanceof LastHttpContent;
    try {
      ex.body.append(content.content());
      if (last) {
        HttpHeaders trailing = ((LastHttpContent) content).trailingHeaders();
        if (!trailing.isEmpty()) {
          ex.trailers = new DefaultHttpHeaders().set(trailing);
        }
      }
    } finally {
      ReferenceCountUtil.release(content);
    }
    if (last) {
      ex.userDone = true;
      ex.heldPromises.add(promise);
    } else {
      promise.trySuccess();
    }
    if (ex.state == Exchange.State.DECIDE) {
      return;
    }
    if (last) {
      completed(ex);
    } else if (ex.body.size() > engine.settings().bufferBytes()) {
      overflowed(ex);
    }
  }

  /** The held response is complete. */
  private void completed(Exchange ex) {
    if (ex.failureStatus) {
      decideFailure(ex, responseDiagnosis(ex), null);
      return;
    }
    succeed(ex);
    ex.state = Exchange.State.DONE;
    StaleCache.Storing storing = ex.storing;
    ex.storing = null;
    ByteBuffer body = ex.body.view();
    writeHeld(ex, true, null);
    if (storing != null) {
      storing.complete(body);
    }
  }

  /** The held body passed the cap: a success streams on unstored; a failure is decided now. */
  private void overflowed(Exchange ex) {
    if (ex.failureStatus) {
      decideFailure(ex, responseDiagnosis(ex), null);
      return;
    }
    succeed(ex);
    ex.storing = null;
    ex.state = Exchange.State.PASS;
    writeHeld(ex, false, null);
  }

  private Diagnosis responseDiagnosis(Exchange ex) {
    HttpResponse head = requireHeld(ex);
    return engine
        .diagnoser()
        .diagnose(
            requireHead(ex),
            ResponseHead.of(head.status().code(), NettyHeads.headers(head.headers())),
            ex.body.prefix(DIAGNOSIS_PREFIX));
  }

  private void succeed(Exchange ex) {
    ex.cancelDeadline();
    CircuitBreaker breaker = ex.breaker;
    if (breaker != null) {
      breaker.record(Outcome.SUCCESS);
    }
  }

  /**
   * Writes the held head and body: the whole response when {@code last}, else the head and the
   * bytes so far (the rest then passes through). {@code proxyStatus}, when given, is set first.
   */
  private void writeHeld(Exchange ex, boolean last, @Nullable String proxyStatus) {
    ChannelHandlerContext c = ctx();
    HttpResponse head = requireHeld(ex);
    if (proxyStatus != null) {
      head.headers().set("Proxy-Status", proxyStatus);
    }
    ByteBuf body = ex.body.toBuffer();
    ex.body.clear();
    ex.heldHead = null;
    emit(ex, head, c.newPromise(), false);
    ChannelPromise done = c.newPromise();
    if (last) {
      HttpHeaders trailers = ex.trailers;
      DefaultLastHttpContent end = new DefaultLastHttpContent(body);
      if (trailers != null) {
        end.trailingHeaders().set(trailers);
      }
      emit(ex, end, done, true);
    } else {
      emit(ex, new DefaultHttpContent(body), done, false);
    }
    ex.completeHeldAfter(done);
  }

  // ---------------------------------------------------------------- failures

  /**
   * An exception that reached the end of the pipeline.
   *
   * @param cause the exception
   * @return true when it was taken as the failure of a request in progress
   */
  boolean handlerFailed(Throwable cause) {
    if (cause == fromBelow || closed || upgraded) {
      return false;
    }
    Exchange ex = userTarget();
    if (ex == null) {
      return false;
    }
    if (ex.state == Exchange.State.DECIDE || ex.state == Exchange.State.SWALLOW) {
      log.debug("{} failed again while its failure was being handled", ex.key, cause);
      return true;
    }
    if (!ex.replaceable()) {
      return false;
    }
    // The handler that threw will not answer this request.
    ex.userDone = true;
    decideFailure(ex, engine.diagnoser().diagnose(requireHead(ex), cause), cause);
    return true;
  }

  /**
   * An exception on its way from the channel (I/O, decoding): not a handler's failure.
   *
   * @param cause the exception
   */
  public void fromBelow(Throwable cause) {
    fromBelow = cause;
  }

  private void decideFailure(Exchange ex, Diagnosis diagnosis, @Nullable Throwable cause) {
    ex.state = Exchange.State.DECIDE;
    ex.failure = cause;
    ex.cancelDeadline();
    FailsoftListener listener = engine.settings().listener();
    listener.onDiagnosis(ex.key, diagnosis);
    CircuitBreaker breaker = ex.breaker;
    if (breaker != null) {
      breaker.record(Outcome.of(diagnosis));
    }
    continueOnLoop(
        requireCache(ex).serveInsteadAsync(requireHead(ex), diagnosis, StaleCache.Reason.ERROR),
        answer -> failureDecided(ex, diagnosis, answer));
  }

  private void failureDecided(Exchange ex, Diagnosis diagnosis, Optional<StaleAnswer> answer) {
    if (closed || ex.state != Exchange.State.DECIDE) {
      return;
    }
    ChannelHandlerContext c = ctx();
    if (answer.isPresent()) {
      engine
          .settings()
          .listener()
          .onStaleServed(ex.key, diagnosis.summary() + " (age " + answer.get().ageSeconds() + "s)");
      replace(ex, answer.get());
    } else {
      log.warn("{} failed and no stored copy may be served: {}", ex.key, diagnosis.summary());
      HttpResponse held = ex.heldHead;
      StaleCache cache = requireCache(ex);
      if (ex.failure != null || held == null) {
        // The client sees a clean 500, never the exception.
        DefaultFullHttpResponse error =
            new DefaultFullHttpResponse(
                ex.version, HttpResponseStatus.INTERNAL_SERVER_ERROR, Unpooled.EMPTY_BUFFER);
        error.headers().set("Proxy-Status", cache.proxyStatus(java.util.List.of(), diagnosis));
        HttpUtil.setContentLength(error, 0);
        framing(ex, error);
        discardHeld(ex);
        ex.completeHeldAfter(emit(ex, error, c.newPromise(), true));
        ex.state = ex.userDone ? Exchange.State.DONE : Exchange.State.SWALLOW;
      } else {
        String proxyStatus = cache.proxyStatus(held.headers().getAll("Proxy-Status"), diagnosis);
        ex.state = ex.userDone ? Exchange.State.DONE : Exchange.State.PASS;
        writeHeld(ex, ex.userDone, proxyStatus);
      }
    }
    retire(ex);
    c.flush();
  }

  private void deadlinePassed(Exchange ex, Duration deadline) {
    ex.deadline = null;
    if (closed || !ex.replaceable()) {
      return;
    }
    continueOnLoop(
        requireCache(ex)
            .serveInsteadAsync(
                requireHead(ex),
                Diagnosis.softDeadlinePassed(deadline),
                StaleCache.Reason.SOFT_DEADLINE),
        answer -> {
          if (closed || !ex.replaceable() || answer.isEmpty()) {
            return;
          }
          CircuitBreaker breaker = ex.breaker;
          if (breaker != null) {
            breaker.record(Outcome.FAILURE);
          }
          engine
              .settings()
              .listener()
              .onStaleServed(
                  ex.key,
                  "no answer within the soft deadline of "
                      + ex.route.pattern()
                      + " (age "
                      + answer.get().ageSeconds()
                      + "s)");
          replace(ex, answer.get());
          retire(ex);
          ctx().flush();
        });
  }

  /** Sends {@code answer} instead of whatever the handler behind wrote or will write. */
  private void replace(Exchange ex, StaleAnswer answer) {
    discardHeld(ex);
    ex.storing = null;
    ex.completeHeldAfter(writeAnswer(ex, answer));
    ex.state = ex.userDone ? Exchange.State.DONE : Exchange.State.SWALLOW;
  }

  private void discardHeld(Exchange ex) {
    ex.body.clear();
    ex.heldHead = null;
    ex.trailers = null;
  }

  /** Writes a stored copy exactly as core rendered it. */
  private ChannelFuture writeAnswer(Exchange ex, StaleAnswer answer) {
    ChannelHandlerContext c = ctx();
    ByteBuffer bytes = answer.body();
    HttpResponseStatus status =
        answer.reasonPhrase().isEmpty()
            ? HttpResponseStatus.valueOf(answer.status())
            : new HttpResponseStatus(answer.status(), answer.reasonPhrase());
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(
            ex.version,
            status,
            bytes.hasRemaining() ? Unpooled.wrappedBuffer(bytes) : Unpooled.EMPTY_BUFFER);
    for (Headers.Field field : answer.headers()) {
      response.headers().add(field.name(), field.value());
    }
    if (answer.contentLength() >= 0) {
      HttpUtil.setContentLength(response, answer.contentLength());
    }
    framing(ex, response);
    return emit(ex, response, c.newPromise(), true);
  }

  /** Connection management for a response this handler writes itself (HTTP/1.x only). */
  private static void framing(Exchange ex, HttpResponse response) {
    if (!ex.keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (ex.version.equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  // ---------------------------------------------------------------- ordering

  /** The oldest exchange whose response the handlers behind have not finished. */
  private @Nullable Exchange userTarget() {
    for (Exchange ex : exchanges) {
      if (!ex.userDone) {
        return ex;
      }
    }
    return null;
  }

  private @Nullable Exchange wireHead() {
    for (Exchange ex : exchanges) {
      if (!ex.wireDone) {
        return ex;
      }
    }
    return null;
  }

  /**
   * Sends a message of {@code ex} to the channel, or queues it while an earlier exchange's response
   * is still being decided: HTTP/1.1 answers in request order (RFC 9112 §9.3.2).
   */
  private ChannelFuture emit(Exchange ex, Object msg, ChannelPromise promise, boolean last) {
    ChannelHandlerContext c = ctx();
    if (ex.wireDone) {
      // The answer already went out (a stored copy); this is what it replaced.
      swallow(ex, msg, promise);
      return promise;
    }
    if (wireHead() != ex) {
      ex.queued.add(msg);
      ex.queued.add(promise);
      if (last) {
        ex.queued.add(Boolean.TRUE);
      }
      return promise;
    }
    ChannelFuture written = c.write(msg, promise);
    if (last) {
      wireEnded(ex, written);
    }
    return written;
  }

  private void wireEnded(Exchange ex, ChannelFuture written) {
    ex.wireDone = true;
    ex.wireEnd = written;
    ex.cancelDeadline();
    retire(ex);
    Exchange next = wireHead();
    if (next != null && !next.queued.isEmpty()) {
      ChannelHandlerContext c = ctx();
      for (Object o; !next.wireDone && (o = next.queued.poll()) != null; ) {
        ChannelPromise p = (ChannelPromise) next.queued.poll();
        boolean end = Boolean.TRUE.equals(next.queued.peek());
        if (end) {
          next.queued.poll();
        }
        ChannelFuture f = c.write(o, p);
        if (end) {
          wireEnded(next, f);
        }
      }
      c.flush();
    }
  }

  private void retire(Exchange ex) {
    if (ex.userDone && ex.wireDone && ex.state != Exchange.State.DECIDE) {
      exchanges.remove(ex);
      if (reading == ex && !ex.skipRequest) {
        reading = null;
      }
    }
  }

  /** Releases a message the client will never see and completes its promise. */
  private void swallow(Exchange ex, Object msg, ChannelPromise promise) {
    ReferenceCountUtil.release(msg);
    ChannelFuture end = ex.wireEnd;
    if (end == null || end.isVoid() || end.isDone()) {
      promise.trySuccess();
    } else {
      end.addListener(f -> promise.trySuccess());
    }
    retire(ex);
  }

  // ---------------------------------------------------------------- lifecycle

  /** The channel closed or the handler was removed: drop everything held. */
  public void closed() {
    if (closed) {
      return;
    }
    closed = true;
    ClosedChannelException cause = new ClosedChannelException();
    for (Exchange ex : exchanges) {
      ex.abandon(cause);
    }
    exchanges.clear();
    for (Object msg; (msg = heldInbound.poll()) != null; ) {
      ReferenceCountUtil.release(msg);
    }
    ChannelHandlerContext c = ctx;
    if (c != null && c.pipeline().context(catcher) != null) {
      c.pipeline().remove(catcher);
    }
  }

  // ---------------------------------------------------------------- helpers

  private Instant now() {
    return engine.settings().clock().instant();
  }

  /** Runs {@code then} with the stage's value on this channel's event loop, never blocking it. */
  private <T> void continueOnLoop(CompletionStage<T> stage, Consumer<T> then) {
    EventExecutor executor = ctx().executor();
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            // Core's stage never fails; a failing continuation is a bug worth seeing.
            log.warn("stale-cache lookup failed", error);
            return;
          }
          if (executor.inEventLoop()) {
            then.accept(value);
          } else {
            try {
              executor.execute(() -> then.accept(value));
            } catch (RejectedExecutionException e) {
              log.debug("event loop shut down before a stored copy was read", e);
            }
          }
        });
  }

  private static StaleCache requireCache(Exchange ex) {
    StaleCache cache = ex.cache;
    if (cache == null) {
      throw new IllegalStateException("exchange without a cache: " + ex.key);
    }
    return cache;
  }

  private static RequestHead requireHead(Exchange ex) {
    RequestHead head = ex.head;
    if (head == null) {
      throw new IllegalStateException("exchange without a request head: " + ex.key);
    }
    return head;
  }

  private static HttpResponse requireHeld(Exchange ex) {
    HttpResponse head = ex.heldHead;
    if (head == null) {
      throw new IllegalStateException("no held response for " + ex.key);
    }
    return head;
  }
}
