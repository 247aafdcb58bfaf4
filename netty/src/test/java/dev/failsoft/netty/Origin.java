package dev.failsoft.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application behind the handler in the tests: a real Netty handler whose answer per path the
 * test sets, written with pooled direct buffers the way a Netty application writes them.
 */
final class Origin {
  /** How the origin answers one request. */
  interface Behaviour {
    void answer(ChannelHandlerContext ctx, HttpRequest request) throws Exception;
  }

  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final AtomicInteger hits = new AtomicInteger();

  /** Every write the origin made, to check each promise completed and each buffer was released. */
  final Queue<ChannelFuture> writes = new ConcurrentLinkedQueue<>();

  final Queue<ByteBuf> bodies = new ConcurrentLinkedQueue<>();

  void on(String path, Behaviour behaviour) {
    behaviours.put(path, behaviour);
  }

  int hits() {
    return hits.get();
  }

  ChannelHandler newHandler() {
    return new SimpleChannelInboundHandler<HttpObject>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
        if (msg instanceof HttpRequest request) {
          hits.incrementAndGet();
          String path = new QueryStringDecoder(request.uri()).path();
          Behaviour b = behaviours.getOrDefault(path, status(404, "no such page"));
          b.answer(ctx, request);
        }
      }
    };
  }

  ByteBuf pooled(ChannelHandlerContext ctx, String text) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer();
    buf.writeCharSequence(text, StandardCharsets.UTF_8);
    bodies.add(buf);
    return buf;
  }

  private void write(ChannelHandlerContext ctx, Object msg, HttpRequest request, boolean last) {
    ChannelFuture f = ctx.write(msg);
    writes.add(f);
    if (last) {
      ctx.flush();
      if (!HttpUtil.isKeepAlive(request)) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** One full response: status, fields, body, in one message. */
  Behaviour full(int status, String body, String... fields) {
    return (ctx, request) -> {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), pooled(ctx, body));
      for (int i = 0; i < fields.length; i += 2) {
        r.headers().add(fields[i], fields[i + 1]);
      }
      HttpUtil.setContentLength(r, r.content().readableBytes());
      write(ctx, r, request, true);
    };
  }

  /** A 200 page with a text/html body. */
  Behaviour page(String body) {
    return full(200, body, "Content-Type", "text/html; charset=utf-8");
  }

  Behaviour status(int status, String body) {
    return full(status, body, "Content-Type", "text/plain");
  }

  /** A chunked response written as a head, one message per part, and an empty last content. */
  Behaviour chunked(int status, List<String> parts, String... fields) {
    return (ctx, request) -> {
      HttpResponse head =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
      for (int i = 0; i < fields.length; i += 2) {
        head.headers().add(fields[i], fields[i + 1]);
      }
      HttpUtil.setTransferEncodingChunked(head, true);
      write(ctx, head, request, false);
      for (String part : parts) {
        write(ctx, new DefaultHttpContent(pooled(ctx, part)), request, false);
        ctx.flush();
      }
      write(ctx, LastHttpContent.EMPTY_LAST_CONTENT, request, true);
    };
  }

  /**
   * A chunked response whose next part is written only once the previous write completed, as a
   * writer that respects back-pressure does.
   */
  Behaviour paced(List<String> parts) {
    return (ctx, request) -> {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set("Content-Type", "text/plain");
      HttpUtil.setTransferEncodingChunked(head, true);
      ctx.writeAndFlush(head).addListener(f -> next(ctx, request, parts, 0));
    };
  }

  private void next(ChannelHandlerContext ctx, HttpRequest request, List<String> parts, int i) {
    if (i == parts.size()) {
      write(ctx, LastHttpContent.EMPTY_LAST_CONTENT, request, true);
      return;
    }
    ChannelFuture f = ctx.writeAndFlush(new DefaultHttpContent(pooled(ctx, parts.get(i))));
    writes.add(f);
    f.addListener(done -> next(ctx, request, parts, i + 1));
  }

  /** Throws from the handler, as an application bug would. */
  Behaviour throwing() {
    return (ctx, request) -> {
      throw new IllegalStateException("database unavailable");
    };
  }

  /** Answers with {@code later} after {@code delay}, on the channel's event loop. */
  Behaviour after(Duration delay, Behaviour later) {
    return (ctx, request) ->
        ctx.executor()
            .schedule(
                () -> {
                  try {
                    later.answer(ctx, request);
                  } catch (Exception e) {
                    ctx.fireExceptionCaught(e);
                  }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
  }
}
