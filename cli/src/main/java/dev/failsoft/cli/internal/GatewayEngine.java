package dev.failsoft.cli.internal;

/** The server a gateway runs on: {@code --engine jetty} (the default) or {@code netty}. */
enum GatewayEngine {
  /** Embedded Jetty 12, StaleIfErrorFilter and a blocking OkHttp leg with Failsoft. */
  JETTY {
    @Override
    GatewayServer start(Gateway.Settings settings) throws Exception {
      return Gateway.start(settings);
    }
  },
  /** A plain Netty server, StaleIfErrorHandler and a non-blocking JDK HttpClient leg. */
  NETTY {
    @Override
    GatewayServer start(Gateway.Settings settings) throws Exception {
      return NettyGateway.start(settings);
    }
  };

  /** Starts a gateway on this engine; throws when the address cannot be bound. */
  abstract GatewayServer start(Gateway.Settings settings) throws Exception;
}
