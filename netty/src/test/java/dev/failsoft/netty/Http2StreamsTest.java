package dev.failsoft.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.cache.CaffeineStaleStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2: the handler in each stream's child pipeline, after Http2StreamFrameToHttpObjectCodec,
 * behind a real h2c server that Java's HttpClient upgrades to.
 */
@ExtendWith(LeakCheck.class)
class Http2StreamsTest {
  private final Origin origin = new Origin();
  private final StaleIfErrorHandler.Factory factory =
      StaleIfErrorHandler.builder()
          .store(CaffeineStaleStore.builder().executor(Runnable::run).build())
          .build();

  @SuppressWarnings("deprecation")
  private final EventLoopGroup group = new NioEventLoopGroup(1);

  private @Nullable Channel server;

  @AfterEach
  void stop() throws InterruptedException {
    Channel s = server;
    if (s != null) {
      s.close().sync();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    assertThat(origin.bodies).allSatisfy(b -> assertThat(b.refCnt()).isZero());
  }

  @SuppressWarnings("deprecation") // NioEventLoopGroup: the 4.1 API this module compiles against.
  private int startH2c() throws InterruptedException {
    ChannelInitializer<Channel> stream =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline()
                .addLast(
                    new Http2StreamFrameToHttpObjectCodec(true),
                    factory.newHandler(),
                    origin.newHandler());
          }
        };
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    HttpServerCodec codec = new HttpServerCodec();
                    ch.pipeline()
                        .addLast(
                            codec,
                            new HttpServerUpgradeHandler(
                                codec,
                                protocol ->
                                    AsciiString.contentEquals(
                                            Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                                        ? new Http2ServerUpgradeCodec(
                                            Http2FrameCodecBuilder.forServer().build(),
                                            new Http2MultiplexHandler(stream, stream))
                                        : null));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Test
  void servesTheStoredCopyOnAnHttp2Stream() throws Exception {
    int port = startH2c();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/news");
    origin.on(
        "/news", origin.chunked(200, List.of("<p>to", "day</p>"), "Content-Type", "text/html"));
    HttpResponse<String> first =
        client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(first.body()).isEqualTo("<p>today</p>");
    // The next request travels on a stream of the upgraded connection.
    origin.on("/news", origin.status(502, "down"));

    HttpResponse<String> stale =
        client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(stale.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("<p>today</p>");
    assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=stale");
  }
}
