package dev.failsoft.cli.internal;

import dev.failsoft.cache.StaleStore;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.netty.Route;
import dev.failsoft.netty.StaleIfErrorHandler;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.RetryPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway on a plain Netty server ({@code --engine netty}): {@code HttpServerCodec}, {@link
 * StaleIfErrorHandler} and {@link NettyUpstreamLeg}, which forwards each request through the JDK
 * HttpClient's asynchronous API, so no event loop thread ever waits on the upstream. Same settings
 * and behaviour as the Jetty engine ({@link Gateway}). Thread-safe once started.
 */
final class NettyGateway implements GatewayServer {
  private final EventLoopGroup group;
  private final ExecutorService clientThreads;
  private final Channel server;
  private final AtomicReference<Diagnosis> lastFailure = new AtomicReference<>();
  private final StaleStore store;

  @SuppressWarnings("deprecation") // NioEventLoopGroup: the Netty 4.1 API, also in 4.2.
  private NettyGateway(Gateway.Settings s) throws InterruptedException {
    store = s.openStore();
    Route.Builder route =
        Route.forPattern("/*")
            .maxStale(s.maxStale())
            .failureStatuses(s.failureStatuses())
            .breaker(s.breaker());
    s.softDeadline().ifPresent(route::softDeadline);
    StaleIfErrorHandler.Factory stale =
        StaleIfErrorHandler.builder()
            .defaultRoute(route.build())
            .circuitBreaker(
                CircuitBreaker.builder()
                    .consecutiveGatewayFailures(s.breakerFailures())
                    .openDuration(s.breakerOpen())
                    .config())
            .store(store)
            .bufferBytes(s.bufferBytes())
            .banner(s.banner())
            .build();
    clientThreads =
        Executors.newCachedThreadPool(new DefaultThreadFactory("failsoft-gateway-client", true));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(s.connectTimeout())
            .executor(clientThreads)
            .build();
    NettyUpstreamLeg.Config leg =
        new NettyUpstreamLeg.Config(
            client,
            s.upstream().uri(),
            Gateway.NAME,
            s.readTimeout(),
            RetryPolicy.builder().maxAttempts(s.maxAttempts()).build(),
            lastFailure);
    group = new NioEventLoopGroup(0, new DefaultThreadFactory("failsoft-gateway", true));
    try {
      server =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              new HttpServerCodec(), stale.newHandler(), new NettyUpstreamLeg(leg));
                    }
                  })
              .bind(s.listen().getHostString(), s.listen().getPort())
              .sync()
              .channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      clientThreads.shutdownNow();
      throw e;
    }
  }

  /** Starts a gateway; throws when the address cannot be bound. */
  static NettyGateway start(Gateway.Settings settings) throws InterruptedException {
    return new NettyGateway(settings);
  }

  @Override
  public String url() {
    InetSocketAddress a = (InetSocketAddress) server.localAddress();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  @Override
  public Optional<Diagnosis> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  @Override
  public void join() throws InterruptedException {
    server.closeFuture().sync();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    clientThreads.shutdownNow();
    Gateway.Settings.close(store);
  }
}
