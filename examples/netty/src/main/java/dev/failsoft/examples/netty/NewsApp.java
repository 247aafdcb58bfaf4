package dev.failsoft.examples.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The example's application: a news page whose backend can be made to fail ({@code POST /fail} or
 * {@link #failing}), which it reports with 503 as many applications do.
 */
public final class NewsApp {
  private final AtomicBoolean failing = new AtomicBoolean();

  /**
   * Makes the application fail, or work again.
   *
   * @param value true to fail every page request
   */
  public void failing(boolean value) {
    failing.set(value);
  }

  /**
   * Returns a handler for one channel.
   *
   * @return the application's handler
   */
  public ChannelHandler newHandler() {
    return new SimpleChannelInboundHandler<HttpObject>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest request)) {
          return;
        }
        if (request.method().equals(HttpMethod.POST) && request.uri().equals("/fail")) {
          failing.set(true);
          answer(ctx, request, HttpResponseStatus.NO_CONTENT, "");
        } else if (failing.get()) {
          answer(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "news backend is down");
        } else {
          answer(ctx, request, HttpResponseStatus.OK, "<h1>Today's news</h1>");
        }
      }
    };
  }

  private static void answer(
      ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set("Content-Type", "text/html; charset=utf-8");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
    ctx.writeAndFlush(response);
  }
}
