package dev.failsoft.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example, as its README quick start runs it, over a loopback socket. */
class NettyExampleTest {
  @Test
  @SuppressWarnings("deprecation")
  void readersGetTheLastGoodPageWhileTheNewsBackendIsDown() throws Exception {
    NewsApp app = new NewsApp();
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Channel server = new NettyExample().start(group, 0, app::newHandler);
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest today =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/news/today"))
              .timeout(Duration.ofSeconds(10))
              .build();
      assertThat(client.send(today, HttpResponse.BodyHandlers.ofString()).body())
          .contains("Today's news");

      app.failing(true);
      HttpResponse<String> stale = client.send(today, HttpResponse.BodyHandlers.ofString());

      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).contains("Today's news");
      assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=stale");
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }
}
