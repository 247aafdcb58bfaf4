package dev.failsoft.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A real Netty HTTP/1.1 server on a loopback port: codec, the handler, the origin. */
final class TestServer implements AutoCloseable {
  final EventLoopGroup group;
  final Channel channel;

  @SuppressWarnings("deprecation") // NioEventLoopGroup: the 4.1 API this module compiles against.
  TestServer(int threads, Supplier<ChannelHandler> handler, Supplier<ChannelHandler> origin)
      throws InterruptedException {
    group = new NioEventLoopGroup(threads);
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec());
                    ChannelHandler h = handler.get();
                    if (h != null) {
                      ch.pipeline().addLast(h);
                    }
                    ch.pipeline().addLast(origin.get());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
