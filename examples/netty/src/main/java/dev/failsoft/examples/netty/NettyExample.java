package dev.failsoft.examples.netty;

import dev.failsoft.netty.Route;
import dev.failsoft.netty.StaleIfErrorHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A plain Netty HTTP server with {@link StaleIfErrorHandler} in front of its application handler
 * ({@link NewsApp}): when the application fails, readers get the last good page, marked.
 *
 * <p>Run: {@code java -cp ... dev.failsoft.examples.netty.NettyExample [PORT]}, then {@code curl -i
 * localhost:8080/news/today}; {@code curl -X POST localhost:8080/fail} makes the application fail,
 * and the next GET shows the stored copy.
 */
public final class NettyExample {

  // The README shows the tagged regions verbatim; ReadmeQuickStartsTest keeps them in step.
  // spotless:off (the README shows this region as written)
  // tag::netty-quickstart[]
  private final StaleIfErrorHandler.Factory failsoft = StaleIfErrorHandler.builder()
      .route(Route.forPattern("/admin/*").enabled(false).build())
      .route(Route.forPattern("/news/*").maxStale(Duration.ofMinutes(10))
          .softDeadline(Duration.ofSeconds(2)).build())
      .build();                                          // one per server: store, breakers

  Channel start(EventLoopGroup group, int port, Supplier<ChannelHandler> app)
      throws InterruptedException {
    return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(
                new HttpServerCodec(),                   // no HttpObjectAggregator needed
                failsoft.newHandler(),                   // one per channel, after the codec
                app.get());                              // your handlers
          }
        })
        .bind("127.0.0.1", port).sync().channel();
  }
  // end::netty-quickstart[]
  // spotless:on

  /**
   * Serves the example until the process is stopped.
   *
   * @param args the port, 8080 when not given
   * @throws InterruptedException if interrupted while starting
   */
  @SuppressWarnings("deprecation") // NioEventLoopGroup: the Netty 4.1 API.
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    NewsApp app = new NewsApp();
    EventLoopGroup group = new NioEventLoopGroup();
    Channel server = new NettyExample().start(group, port, app::newHandler);
    System.out.println("Serving http://127.0.0.1:" + port + "/news/today");
    server.closeFuture().sync();
    group.shutdownGracefully();
  }
}
