package dev.failsoft.cli.internal;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleStores;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.okhttp.OkHttpConfig;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.RetryPolicy;
import dev.failsoft.servlet.RouteRule;
import dev.failsoft.servlet.StaleIfErrorFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A stale-serving reverse proxy: embedded Jetty 12 with {@link StaleIfErrorFilter} in front of
 * {@link UpstreamServlet}, which forwards to one upstream through OkHttp with Failsoft installed.
 * Start it with {@link #start}; {@link #close} stops it. Thread-safe once started.
 */
final class Gateway implements GatewayServer {
  /**
   * What the gateway does.
   *
   * @param listen the address to listen on (port 0 picks a free one)
   * @param upstream the upstream's base URL
   * @param maxStale the longest staleness served
   * @param failureStatuses statuses the filter replaces with a stale copy
   * @param softDeadline serve stale when the upstream has not answered by then, if set
   * @param breaker whether a circuit breaker guards the upstream
   * @param breakerFailures gateway failures in a row that open the breaker
   * @param breakerOpen how long the breaker first stays open (doubling per repeated trip)
   * @param storeBytes total bytes of stored copies (the least useful are evicted first)
   * @param bufferBytes body bytes held per response (larger bodies pass through, not stored)
   * @param banner whether stale HTML pages get a visible notice at the top
   * @param connectTimeout the longest wait for a connection to the upstream
   * @param readTimeout the longest wait between two reads from the upstream
   * @param maxAttempts attempts per request, the first included (only safe retries are made)
   */
  record Settings(
      InetSocketAddress listen,
      HttpUrl upstream,
      Duration maxStale,
      Set<Integer> failureStatuses,
      Optional<Duration> softDeadline,
      boolean breaker,
      int breakerFailures,
      Duration breakerOpen,
      long storeBytes,
      int bufferBytes,
      boolean banner,
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      String store,
      Optional<String> storeKeyFile) {
    Settings {
      requireNonNull(listen, "listen");
      requireNonNull(store, "store");
      requireNonNull(storeKeyFile, "storeKeyFile");
      requireNonNull(upstream, "upstream");
      requireNonNull(maxStale, "maxStale");
      failureStatuses = Set.copyOf(failureStatuses);
      requireNonNull(softDeadline, "softDeadline");
      requireNonNull(breakerOpen, "breakerOpen");
      requireNonNull(connectTimeout, "connectTimeout");
      requireNonNull(readTimeout, "readTimeout");
    }

    /** Settings with the in-memory store. */
    Settings(
        InetSocketAddress listen,
        HttpUrl upstream,
        Duration maxStale,
        Set<Integer> failureStatuses,
        Optional<Duration> softDeadline,
        boolean breaker,
        int breakerFailures,
        Duration breakerOpen,
        long storeBytes,
        int bufferBytes,
        boolean banner,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts) {
      this(
          listen,
          upstream,
          maxStale,
          failureStatuses,
          softDeadline,
          breaker,
          breakerFailures,
          breakerOpen,
          storeBytes,
          bufferBytes,
          banner,
          connectTimeout,
          readTimeout,
          maxAttempts,
          StaleStores.MEMORY,
          Optional.empty());
    }

    /**
     * Opens the store these settings name through core's {@link StaleStores}: {@code memory} of
     * {@link #storeBytes} bytes, or a remote store (such as {@code redis://…}) with a local tier of
     * that size and the key file; the caller closes it.
     */
    StaleStore openStore() {
      Map<String, String> options = new HashMap<>();
      options.put(StaleStores.MEMORY_BYTES, Long.toString(storeBytes));
      storeKeyFile.ifPresent(file -> options.put(StaleStores.KEY_FILE, file));
      return StaleStores.open(store, options);
    }

    /** Closes a store from {@link #openStore}, if it holds anything to close. */
    static void close(StaleStore store) {
      if (store instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing is best effort; the process is usually exiting
        }
      }
    }
  }

  /** The name the gateway gives itself in Via and Proxy-Status. */
  static final String NAME = "failsoft-gateway";

  private final Server server;
  private final ServerConnector connector;
  private final UpstreamServlet upstream;
  private final OkHttpClient client;
  private final StaleStore store;

  private Gateway(Settings s, Map<String, HttpServlet> extraServlets) {
    store = s.openStore();
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("failsoft-gateway");
    threads.setDaemon(true);
    server = new Server(threads);
    // The upstream's own Server and Date fields pass through; Jetty must not add a second pair.
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(s.listen().getHostString());
    connector.setPort(s.listen().getPort());
    server.addConnector(connector);

    client =
        dev.failsoft.okhttp.Failsoft.okhttp(
                OkHttpConfig.builder()
                    .retryPolicy(RetryPolicy.builder().maxAttempts(s.maxAttempts()).build())
                    // One breaker guards the upstream: the filter's, which answers from the stale
                    // copy
                    // while it is open. The client's own per-host breaker must never open on top of
                    // it.
                    .circuitBreaker(
                        CircuitBreaker.builder()
                            .windowSize(10_000)
                            .minimumCalls(10_000)
                            .failureRateThreshold(1.0)
                            .consecutiveGatewayFailures(10_000)
                            .config())
                    // The gateway is one hop: the filter writes its Proxy-Status member, once.
                    .proxyStatus(false)
                    .build())
            .install(new OkHttpClient.Builder())
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(s.connectTimeout())
            .readTimeout(s.readTimeout())
            .writeTimeout(s.readTimeout())
            .connectionPool(new ConnectionPool(32, 1, java.util.concurrent.TimeUnit.MINUTES))
            .build();
    upstream = new UpstreamServlet(client, s.upstream(), NAME);

    RouteRule.Builder rule =
        RouteRule.forPattern("/*")
            .maxStale(s.maxStale())
            .failureStatuses(s.failureStatuses())
            .breaker(s.breaker());
    s.softDeadline().ifPresent(rule::softDeadline);
    StaleIfErrorFilter filter =
        StaleIfErrorFilter.builder()
            .defaultRule(rule.build())
            .circuitBreaker(
                CircuitBreaker.builder()
                    .consecutiveGatewayFailures(s.breakerFailures())
                    .openDuration(s.breakerOpen())
                    .config())
            .store(store)
            .bufferBytes(s.bufferBytes())
            .banner(s.banner())
            .build();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder f = new FilterHolder(filter);
    f.setAsyncSupported(true);
    context.addFilter(f, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(upstream), "/*");
    extraServlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    server.setHandler(context);
  }

  /** Starts a gateway; throws when the address cannot be bound. */
  static Gateway start(Settings settings) throws Exception {
    return start(settings, Map.of());
  }

  /**
   * Starts a gateway that also serves {@code extraServlets} (path spec to servlet) itself, behind
   * the same filter; throws when the address cannot be bound.
   */
  static Gateway start(Settings settings, Map<String, HttpServlet> extraServlets) throws Exception {
    Gateway g = new Gateway(settings, extraServlets);
    try {
      g.server.start();
    } catch (Exception e) {
      g.close();
      throw e;
    }
    return g;
  }

  @Override
  public String url() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return "http://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + connector.getLocalPort();
  }

  @Override
  public Optional<Diagnosis> lastFailure() {
    return upstream.lastFailure();
  }

  @Override
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort; the process is usually exiting
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    Settings.close(store);
  }
}
