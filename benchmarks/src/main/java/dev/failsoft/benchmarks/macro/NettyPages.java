package dev.failsoft.benchmarks.macro;

import dev.failsoft.netty.StaleIfErrorHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain Netty server answering 16 KiB cacheable pages (or 503 while told to fail), bare or with
 * {@link StaleIfErrorHandler} after its codec. Its event loop threads are named after it, so the
 * bytes they allocate can be counted.
 */
final class NettyPages implements AutoCloseable {
  private static final byte[] PAGE = new byte[16 * 1024];

  static {
    Arrays.fill(PAGE, (byte) 'x');
  }

  final AtomicBoolean failing = new AtomicBoolean();
  private final String name;
  private final EventLoopGroup group;
  private final Channel channel;

  @SuppressWarnings("deprecation") // NioEventLoopGroup: the Netty 4.1 API.
  NettyPages(String name, Optional<StaleIfErrorHandler.Factory> handler)
      throws InterruptedException {
    this.name = name;
    group = new NioEventLoopGroup(2, new DefaultThreadFactory(name, true));
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec());
                    handler.ifPresent(h -> ch.pipeline().addLast(h.newHandler()));
                    ch.pipeline().addLast(new App());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  private final class App extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest request)) {
        return;
      }
      FullHttpResponse r;
      if (failing.get()) {
        r =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                Unpooled.EMPTY_BUFFER);
      } else {
        r =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                ctx.alloc().buffer(PAGE.length).writeBytes(PAGE));
        r.headers().set("Content-Type", "text/html");
        r.headers().set("Cache-Control", "max-age=1, stale-if-error=600");
      }
      HttpUtil.setContentLength(r, r.content().readableBytes());
      HttpUtil.setKeepAlive(r, HttpUtil.isKeepAlive(request));
      ctx.writeAndFlush(r);
    }
  }

  String url() {
    return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Bytes allocated so far by this server's event loop threads. */
  long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(name + "-")) {
        total += threads.getThreadAllocatedBytes(t.getId());
      }
    }
    return total;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
