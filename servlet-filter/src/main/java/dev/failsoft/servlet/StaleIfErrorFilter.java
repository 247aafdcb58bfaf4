package dev.failsoft.servlet;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleStores;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.event.Slf4jListener;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
import dev.failsoft.policy.Ticker;
import dev.failsoft.servlet.internal.FilterEngine;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that serves the last good copy of a page when the application (or the upstream
 * behind it) fails: the chain throws, calls {@code sendError}, or ends with a failure status.
 *
 * <p>Successful GET and HEAD responses that core's shared-cache rules allow to be stored are kept
 * (bounded in bytes). Each response is held in memory, up to {@code buffer-bytes}, until the chain
 * ends, so a failure can still be replaced; a larger body, a deliberate flush, an event stream or
 * an async request makes the filter step aside for that response (byte-for-byte pass-through). On
 * failure the stored copy is served if core's stale policy allows it, marked with {@code Age} and
 * {@code Cache-Status} ({@code fwd=stale}, {@code fwd-status}, negative {@code ttl}, {@code
 * detail}); without one, the original error passes through unchanged (or the fallback page) with a
 * {@code Proxy-Status} naming the failure. An exception from the chain is never shown to the
 * client: it becomes a plain 500.
 *
 * <p>Configure it with {@link #builder()}, or in {@code web.xml} / {@code @WebFilter} with these
 * init-params (ignored when the filter was built with a builder), which {@link
 * StaleIfErrorFilterSpec} reads with Failsoft's one setting grammar ({@link
 * dev.failsoft.config.SettingValues}: durations, sizes, status lists, switches). Map it to {@code
 * /*} for the REQUEST dispatcher, with {@code async-supported} true.
 *
 * <table>
 *   <caption>Init-params</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code routes}</td><td>none</td><td>Per-route rules, first match wins, separated by
 *       {@code ;} or new lines, each as {@link RouteRule#parse(String)} reads it, for example
 *       {@code /admin/* off; /news/* max-stale=10m soft-deadline=2s}.</td></tr>
 *   <tr><td>{@code max-stale}</td><td>{@code 1d}</td><td>For paths no route matches: the longest
 *       staleness served. Duration: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}; a bare
 *       number is seconds.</td></tr>
 *   <tr><td>{@code failure-statuses}</td><td>{@code 502,503,504}</td><td>For paths no route
 *       matches: statuses that count as failure (add 500 to replace application errors).</td></tr>
 *   <tr><td>{@code soft-deadline}</td><td>off</td><td>For paths no route matches: duration after
 *       which a stale copy is served if the chain has not finished.</td></tr>
 *   <tr><td>{@code breaker}</td><td>{@code on}</td><td>For paths no route matches: whether a
 *       circuit breaker guards them.</td></tr>
 *   <tr><td>{@code buffer-bytes}</td><td>{@value #DEFAULT_BUFFER_BYTES} (1 MiB)</td><td>Bytes of
 *       body held per response (characters when the application uses {@code getWriter()}); a
 *       larger body passes through. Size: {@code 65536}, {@code 64KiB}, {@code 1MiB} ({@code K},
 *       {@code KB}, {@code M}, {@code MB} mean the same binary units).</td></tr>
 *   <tr><td>{@code store-bytes}</td><td>{@value #DEFAULT_STORE_BYTES} (64 MiB)</td><td>Total
 *       bytes of stored copies (body, headers and key of each); with a remote {@code store}, of
 *       its local tier. Size as above ({@code GiB} and {@code G} too); values over 2 GiB are
 *       refused.</td></tr>
 *   <tr><td>{@code store}</td><td>{@code memory}</td><td>Where copies live: {@code memory}, or
 *       a location a store module on the class path opens ({@link StaleStores}), such as {@code
 *       redis://cache:6379/0} with {@code failsoft-store-redis}: shared by every replica and kept
 *       across restarts, behind a local tier. Opened when the filter starts, closed when it is
 *       destroyed.</td></tr>
 *   <tr><td>{@code store-key-file}</td><td>none</td><td>For a remote {@code store}: the file of
 *       keys its entries are signed with (the store refuses to start without one unless {@code
 *       store-unauthenticated} is {@code on}).</td></tr>
 *   <tr><td>{@code store-prefix}</td><td>the store's own</td><td>For a remote {@code store}:
 *       the prefix of every key, one per application sharing it.</td></tr>
 *   <tr><td>{@code store-unauthenticated}</td><td>{@code off}</td><td>For a remote {@code
 *       store}: {@code on} accepts unsigned entries, so whoever can write to it can inject
 *       pages.</td></tr>
 *   <tr><td>{@code banner}</td><td>{@code false}</td><td>Insert a visible notice ("you are seeing
 *       a copy from 3 minutes ago") at the top of stale HTML pages.</td></tr>
 *   <tr><td>{@code fallback-page}</td><td>none</td><td>A resource of the web application (for
 *       example {@code /WEB-INF/unavailable.html}, UTF-8 HTML) served, with the original status,
 *       when there is no usable copy.</td></tr>
 *   <tr><td>{@code cache-name}</td><td>{@value #DEFAULT_CACHE_NAME}</td><td>This cache's name in
 *       {@code Cache-Status} and {@code Proxy-Status}.</td></tr>
 *   <tr><td>{@code cache-status-detail}</td><td>{@code true}</td><td>Whether {@code
 *       Cache-Status} carries {@code detail} (why the copy was served).</td></tr>
 *   <tr><td>{@code breaker-failure-rate}</td><td>{@value
 *       CircuitBreaker#DEFAULT_FAILURE_RATE_THRESHOLD}</td><td>Failure fraction of the
 *       recent calls that opens a route's breaker, above 0 and at most 1 ({@code 0.5} or {@code
 *       50%}).</td></tr>
 *   <tr><td>{@code breaker-window}</td><td>{@value
 *       CircuitBreaker#DEFAULT_WINDOW_SIZE}</td><td>Recent calls the failure rate is
 *       taken over.</td></tr>
 *   <tr><td>{@code breaker-minimum-calls}</td><td>{@value
 *       CircuitBreaker#DEFAULT_MINIMUM_CALLS}</td><td>Calls in the window before
 *       the rate can open the breaker.</td></tr>
 *   <tr><td>{@code breaker-consecutive-failures}</td><td>{@value
 *       CircuitBreaker#DEFAULT_CONSECUTIVE_GATEWAY_FAILURES}</td><td>Gateway failures
 *       (502, 503, 504, connection failures) in a row that open it regardless of the rate.</td></tr>
 *   <tr><td>{@code breaker-open}</td><td>{@value
 *       CircuitBreaker#DEFAULT_OPEN_DURATION_SECONDS}s</td><td>How long it stays open the first
 *       time; doubled, with jitter, each time it opens again. Duration as above.</td></tr>
 *   <tr><td>{@code breaker-max-open}</td><td>{@value
 *       CircuitBreaker#DEFAULT_MAX_OPEN_DURATION_SECONDS}s (2m), or {@code breaker-open} when that
 *       is longer</td><td>Cap on that doubling; at least {@code breaker-open}.</td></tr>
 *   <tr><td>{@code breaker-half-open-probes}</td><td>{@value
 *       CircuitBreaker#DEFAULT_HALF_OPEN_PROBES}</td><td>Requests let through
 *       to test the application after the open time (all must succeed to close it).</td></tr>
 * </table>
 *
 * <p>Each route with {@code breaker} on has one core {@code CircuitBreaker} (tuned with {@link
 * Builder#circuitBreaker}); while it is open, requests with a usable copy get it at once ({@code
 * Cache-Status: ...; hit; detail=circuit-open}) without calling the chain, requests without one go
 * through. Every stale copy served, diagnosis and breaker change goes to the {@link
 * Builder#listener listener} (by default {@link FailsoftListener#NONE}, as for the OkHttp client;
 * {@link Slf4jListener} logs one line per event, a stale serve with its cause).
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class StaleIfErrorFilter implements Filter {
  private static final Logger log = LoggerFactory.getLogger(StaleIfErrorFilter.class);

  /** Default body bytes held per response: {@value} (1 MiB). */
  public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

  /** Default total bytes of stored copies: {@value} (64 MiB). */
  public static final long DEFAULT_STORE_BYTES = CaffeineStaleStore.DEFAULT_MAXIMUM_BYTES;

  /** Default cache name in the headers this filter writes: {@value}. */
  public static final String DEFAULT_CACHE_NAME = StalePolicy.DEFAULT_CACHE_NAME;

  private final @Nullable Builder configured;
  // A store this filter opened from its init-params, closed with the filter.
  private @Nullable StaleStore ownedStore;
  private @Nullable FilterEngine engine;
  private @Nullable ScheduledExecutorService timer;

  /** Creates a filter configured from its init-params when the container initialises it. */
  public StaleIfErrorFilter() {
    this.configured = null;
  }

  private StaleIfErrorFilter(Builder builder) {
    this.configured = builder;
    start(builder);
  }

  /**
   * Returns a builder; the filter it builds ignores init-params.
   *
   * @return a new builder with the defaults listed above
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the init-params listed above through {@link StaleIfErrorFilterSpec}, unless this filter
   * was built with a builder.
   *
   * @throws ServletException with a one-line message naming the init-param that is malformed, or
   *     the settings that conflict
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (configured != null) {
      return;
    }
    Map<String, String> params = new HashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      params.put(name, config.getInitParameter(name));
    }
    StaleIfErrorFilterSpec spec;
    String page = null;
    try {
      spec = StaleIfErrorFilterSpec.parse(params);
      if (spec.fallbackPage().isPresent()) {
        page = readResource(config, spec.fallbackPage().get());
      }
    } catch (IllegalArgumentException | IOException e) {
      throw new ServletException("StaleIfErrorFilter init-param " + e.getMessage(), e);
    }
    try {
      // Settings that are each valid may still conflict: reported as the init-params together.
      Builder b = spec.toBuilder();
      if (page != null) {
        b.fallbackPage(page);
      }
      if (spec.store().isPresent()) {
        ownedStore = StaleStores.open(spec.store().get(), spec.storeOptions());
        b.store(ownedStore);
      }
      start(b);
    } catch (IllegalArgumentException | IllegalStateException e) {
      closeOwnedStore();
      throw new ServletException("StaleIfErrorFilter init-params " + e.getMessage(), e);
    }
  }

  private void start(Builder b) {
    boolean deadlines =
        b.defaultRule.softDeadline().isPresent()
            || b.routes.stream().anyMatch(r -> r.softDeadline().isPresent());
    if (deadlines) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "failsoft-soft-deadline");
                t.setDaemon(true);
                return t;
              });
    }
    FailsoftListener listener = FailsoftListener.guarded(b.listener);
    Clock clock = b.clock;
    // The one ticker of this filter: the default store and the breakers follow its clock.
    Ticker ticker = Ticker.fromClock(clock);
    StaleStore store = b.store;
    if (store == null) {
      store = CaffeineStaleStore.builder().maximumBytes(b.storeBytes).ticker(ticker).build();
    }
    HostRegistry<CircuitBreaker> breakers = HostRegistry.breakers(b.breaker, ticker, listener);
    engine =
        new FilterEngine(
            new FilterEngine.Settings(
                List.copyOf(b.routes),
                b.defaultRule,
                b.bufferBytes,
                b.banner,
                Optional.ofNullable(b.fallbackPage),
                b.cacheName,
                b.cacheStatusDetail,
                b.clock,
                breakers,
                listener),
            store,
            Diagnoser.standard(),
            timer);
  }

  private static String readResource(FilterConfig config, String path) throws IOException {
    try (InputStream in = config.getServletContext().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("fallback-page: \"" + path + "\" (no such resource)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (engine == null) {
      throw new IllegalStateException("StaleIfErrorFilter used before init()");
    }
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse httpResponse) {
      engine.handle(http, httpResponse, chain);
    } else {
      chain.doFilter(request, response);
    }
  }

  @Override
  public void destroy() {
    if (timer != null) {
      timer.shutdownNow();
    }
    closeOwnedStore();
  }

  private void closeOwnedStore() {
    StaleStore store = ownedStore;
    ownedStore = null;
    if (store instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("Could not close the stale store", e);
      }
    }
  }

  /**
   * Configures a {@link StaleIfErrorFilter}. Not thread-safe; the filter it builds is immutable in
   * configuration.
   */
  public static final class Builder {
    private final List<RouteRule> routes = new ArrayList<>();
    private RouteRule defaultRule = RouteRule.defaults();
    private int bufferBytes = DEFAULT_BUFFER_BYTES;
    private boolean banner;
    private @Nullable String fallbackPage;
    private String cacheName = DEFAULT_CACHE_NAME;
    private boolean cacheStatusDetail = true;
    private Clock clock = Clock.systemUTC();
    private CircuitBreaker.Config breaker = CircuitBreaker.Config.defaults();
    private FailsoftListener listener = FailsoftListener.NONE;
    private long storeBytes = DEFAULT_STORE_BYTES;
    private boolean storeBytesSet;
    private @Nullable StaleStore store;

    private Builder() {}

    /**
     * Total bytes of stored copies kept by the default store (Caffeine, W-TinyLFU admission, so a
     * flood of one-off URLs cannot evict popular pages). Default: {@value #DEFAULT_STORE_BYTES} (64
     * MiB). Cannot be combined with {@link #store(StaleStore)}: a store given there is sized by
     * whoever built it, and {@link #build()} refuses both.
     *
     * @param bytes more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is 0 or less
     */
    public Builder storeBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("storeBytes: " + bytes + " (expected: > 0)");
      }
      this.storeBytes = bytes;
      this.storeBytesSet = true;
      return this;
    }

    /**
     * Where stored copies live, instead of the default byte-bounded Caffeine store; for example one
     * store shared by several filters. Default: a {@link CaffeineStaleStore} of {@link
     * #storeBytes(long)} bytes. Cannot be combined with {@link #storeBytes(long)}.
     *
     * @param store the store, thread-safe
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     */
    public Builder store(StaleStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * How each route's circuit breaker trips and recovers (one breaker per route rule, for routes
     * with {@code breaker} on); the breakers are timed by {@link #clock(Clock)} and report to this
     * filter's {@link #listener}. Default: {@link CircuitBreaker.Config#defaults()}.
     *
     * @param config the breaker settings, immutable (for example {@code
     *     CircuitBreaker.builder()...config()}) and shareable with other filters and clients
     * @return this builder
     * @throws NullPointerException if {@code config} is null
     */
    public Builder circuitBreaker(CircuitBreaker.Config config) {
      this.breaker = requireNonNull(config, "config");
      return this;
    }

    /**
     * Receives diagnoses, stale copies served (one event each, with its cause) and breaker state
     * changes; its exceptions are logged, never propagated. Default: {@link FailsoftListener#NONE},
     * as for the OkHttp client (use {@link Slf4jListener} for a log line per event).
     *
     * @param listener the listener, called on request threads
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(FailsoftListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Adds a route rule; rules are tried in the order added, the first match wins. Default: none.
     *
     * @param rule the rule
     * @return this builder
     * @throws NullPointerException if {@code rule} is null
     */
    public Builder route(RouteRule rule) {
      routes.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Sets the rule for paths no route matches; its pattern is not consulted. Default: {@link
     * RouteRule#defaults()}.
     *
     * @param rule the rule
     * @return this builder
     * @throws NullPointerException if {@code rule} is null
     */
    public Builder defaultRule(RouteRule rule) {
      this.defaultRule = requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Body bytes held per response until the chain ends (characters for {@code getWriter()}); a
     * larger body passes through and cannot be replaced or stored. Default: {@value
     * #DEFAULT_BUFFER_BYTES} (1 MiB).
     *
     * @param bytes 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder bufferBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bufferBytes: " + bytes + " (expected: >= 0)");
      }
      this.bufferBytes = bytes;
      return this;
    }

    /**
     * Sets whether stale HTML pages carry a visible notice of their age. Default: false.
     *
     * @param banner true to insert the notice
     * @return this builder
     */
    public Builder banner(boolean banner) {
      this.banner = banner;
      return this;
    }

    /**
     * An HTML page served (with the original status, {@code Cache-Control: no-store}) when a
     * request fails and no stored copy may be served. Default: none (the original error passes).
     *
     * @param html the page, sent as UTF-8
     * @return this builder
     * @throws NullPointerException if {@code html} is null
     */
    public Builder fallbackPage(String html) {
      this.fallbackPage = requireNonNull(html, "html");
      return this;
    }

    /**
     * This cache's name in {@code Cache-Status} and {@code Proxy-Status}; a token. Default: {@value
     * #DEFAULT_CACHE_NAME}.
     *
     * @param name an RFC 9110 token
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is not a token
     */
    public Builder cacheName(String name) {
      requireNonNull(name, "name");
      if (!dev.failsoft.http.Headers.isValidName(name)) {
        throw new IllegalArgumentException("cacheName: \"" + name + "\" (expected: a token)");
      }
      this.cacheName = name;
      return this;
    }

    /**
     * Sets whether {@code Cache-Status} carries {@code detail} (why). Default: true.
     *
     * @param detail false to leave it out, for example on a site facing untrusted clients
     * @return this builder
     */
    public Builder cacheStatusDetail(boolean detail) {
      this.cacheStatusDetail = detail;
      return this;
    }

    /**
     * Sets the clock for ages and freshness; the default store and the breakers are timed by a
     * {@link dev.failsoft.policy.Ticker} that follows it ({@link
     * dev.failsoft.policy.Ticker#fromClock}). Default: {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns a filter with this configuration, ready for any container; later changes to this
     * builder do not affect it.
     *
     * @return a new, thread-safe filter
     * @throws IllegalStateException if both {@link #store(StaleStore)} and {@link
     *     #storeBytes(long)} were set (the size would be silently ignored)
     */
    public StaleIfErrorFilter build() {
      if (store != null && storeBytesSet) {
        throw new IllegalStateException(
            "storeBytes: "
                + storeBytes
                + " (expected: not set together with store(StaleStore), which is sized by whoever"
                + " built it)");
      }
      return new StaleIfErrorFilter(this);
    }
  }
}
