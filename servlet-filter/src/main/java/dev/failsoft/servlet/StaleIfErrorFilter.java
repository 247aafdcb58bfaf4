package dev.failsoft.servlet;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.event.Slf4jListener;
import dev.failsoft.internal.Durations;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

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
 * init-params (ignored when the filter was built with a builder). Map it to {@code /*} for the
 * REQUEST dispatcher, with {@code async-supported} true.
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
 *       larger body passes through. Suffixes {@code KiB}, {@code MiB} allowed.</td></tr>
 *   <tr><td>{@code store-bytes}</td><td>{@value #DEFAULT_STORE_BYTES} (64 MiB)</td><td>Total
 *       bytes of stored copies (body, headers and key of each). Suffixes {@code KiB}, {@code
 *       MiB}, {@code GiB} allowed; values over 2 GiB are refused.</td></tr>
 *   <tr><td>{@code banner}</td><td>{@code false}</td><td>Insert a visible notice ("you are seeing
 *       a copy from 3 minutes ago") at the top of stale HTML pages.</td></tr>
 *   <tr><td>{@code fallback-page}</td><td>none</td><td>A resource of the web application (for
 *       example {@code /WEB-INF/unavailable.html}, UTF-8 HTML) served, with the original status,
 *       when there is no usable copy.</td></tr>
 *   <tr><td>{@code cache-name}</td><td>{@value #DEFAULT_CACHE_NAME}</td><td>This cache's name in
 *       {@code Cache-Status} and {@code Proxy-Status}.</td></tr>
 *   <tr><td>{@code cache-status-detail}</td><td>{@code true}</td><td>Whether {@code
 *       Cache-Status} carries {@code detail} (why the copy was served).</td></tr>
 *   <tr><td>{@code breaker-failure-rate}</td><td>{@code 0.5}</td><td>Failure fraction of the
 *       recent calls that opens a route's breaker, above 0 and at most 1 ({@code 0.5} or {@code
 *       50%}).</td></tr>
 *   <tr><td>{@code breaker-window}</td><td>{@code 20}</td><td>Recent calls the failure rate is
 *       taken over.</td></tr>
 *   <tr><td>{@code breaker-minimum-calls}</td><td>{@code 10}</td><td>Calls in the window before
 *       the rate can open the breaker.</td></tr>
 *   <tr><td>{@code breaker-consecutive-failures}</td><td>{@code 5}</td><td>Gateway failures
 *       (502, 503, 504, connection failures) in a row that open it regardless of the rate.</td></tr>
 *   <tr><td>{@code breaker-open}</td><td>{@code 5s}</td><td>How long it stays open the first
 *       time; doubled, with jitter, each time it opens again. Duration as above.</td></tr>
 *   <tr><td>{@code breaker-max-open}</td><td>{@code 2m}, or {@code breaker-open} when that is
 *       longer</td><td>Cap on that doubling; at least {@code breaker-open}.</td></tr>
 *   <tr><td>{@code breaker-half-open-probes}</td><td>{@code 3}</td><td>Requests let through
 *       to test the application after the open time (all must succeed to close it).</td></tr>
 * </table>
 *
 * <p>Each route with {@code breaker} on has one core {@code CircuitBreaker} (tuned with {@link
 * Builder#circuitBreaker}); while it is open, requests with a usable copy get it at once ({@code
 * Cache-Status: ...; hit; detail=circuit-open}) without calling the chain, requests without one go
 * through. Every stale copy served, diagnosis and breaker change goes to the {@link
 * Builder#listener listener} (by default one slf4j line per stale serve, with its cause).
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class StaleIfErrorFilter implements Filter {

  /** Default body bytes held per response: {@value} (1 MiB). */
  public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

  /** Default total bytes of stored copies: {@value} (64 MiB). */
  public static final long DEFAULT_STORE_BYTES = CaffeineStaleStore.DEFAULT_MAXIMUM_BYTES;

  /** Default cache name in the headers this filter writes: {@value}. */
  public static final String DEFAULT_CACHE_NAME = StalePolicy.DEFAULT_CACHE_NAME;

  private final Builder configured;
  private FilterEngine engine;
  private ScheduledExecutorService timer;

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

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (configured != null) {
      return;
    }
    Builder b = new Builder();
    try {
      param(config, "routes")
          .ifPresent(
              routes -> {
                for (String spec : routes.split("[;\\n]")) {
                  if (!spec.isBlank()) {
                    b.route(RouteRule.parse(spec));
                  }
                }
              });
      RouteRule.Builder fallbackRule = RouteRule.forPattern("/*");
      param(config, "max-stale")
          .ifPresent(v -> fallbackRule.maxStale(Durations.parse("max-stale", v)));
      param(config, "failure-statuses")
          .ifPresent(
              v ->
                  fallbackRule.failureStatuses(
                      RouteRule.parse("/* failure-statuses=" + v.replace(" ", ""))
                          .failureStatuses()));
      param(config, "soft-deadline")
          .ifPresent(v -> fallbackRule.softDeadline(Durations.parse("soft-deadline", v)));
      param(config, "breaker")
          .ifPresent(v -> fallbackRule.breaker(RouteRule.parseSwitch("breaker", v)));
      b.defaultRule(fallbackRule.build());
      param(config, "buffer-bytes").ifPresent(v -> b.bufferBytes(parseBytes("buffer-bytes", v)));
      param(config, "store-bytes").ifPresent(v -> b.storeBytes(parseBytes("store-bytes", v)));
      param(config, "banner").ifPresent(v -> b.banner(RouteRule.parseSwitch("banner", v)));
      param(config, "cache-name").ifPresent(b::cacheName);
      param(config, "cache-status-detail")
          .ifPresent(v -> b.cacheStatusDetail(RouteRule.parseSwitch("cache-status-detail", v)));
      breakerParams(config).ifPresent(b::circuitBreaker);
      Optional<String> page = param(config, "fallback-page");
      if (page.isPresent()) {
        b.fallbackPage(readResource(config, page.get()));
      }
    } catch (IllegalArgumentException | IOException e) {
      throw new ServletException("StaleIfErrorFilter init-param " + e.getMessage(), e);
    }
    try {
      start(b);
    } catch (IllegalArgumentException e) {
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
    StaleStore store = b.store;
    if (store == null) {
      store =
          CaffeineStaleStore.builder()
              .maximumBytes(b.storeBytes)
              .ticker(() -> clock.millis() * 1_000_000L)
              .build();
    }
    CircuitBreaker.Builder breaker =
        b.breaker != null
            ? b.breaker
            : CircuitBreaker.builder().ticker(() -> clock.millis() * 1_000_000L);
    HostRegistry<CircuitBreaker> breakers =
        HostRegistry.breakers(breaker.copy().listener(listener));
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

  private static Optional<String> param(FilterConfig config, String name) {
    String value = config.getInitParameter(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static String readResource(FilterConfig config, String path) throws IOException {
    try (InputStream in = config.getServletContext().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("fallback-page: \"" + path + "\" (no such resource)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The breaker's init-params, or empty when none is given (the builder's defaults apply). */
  private static Optional<CircuitBreaker.Builder> breakerParams(FilterConfig config) {
    CircuitBreaker.Builder cb = CircuitBreaker.builder();
    boolean any = setting(config, "breaker-window", (n, v) -> cb.windowSize(parseCount(n, v)));
    any |= setting(config, "breaker-minimum-calls", (n, v) -> cb.minimumCalls(parseCount(n, v)));
    any |=
        setting(config, "breaker-failure-rate", (n, v) -> cb.failureRateThreshold(parseRate(n, v)));
    any |=
        setting(
            config,
            "breaker-consecutive-failures",
            (n, v) -> cb.consecutiveGatewayFailures(parseCount(n, v)));
    Duration[] open = new Duration[1];
    any |=
        setting(config, "breaker-open", (n, v) -> cb.openDuration(open[0] = Durations.parse(n, v)));
    boolean maxOpen =
        setting(config, "breaker-max-open", (n, v) -> cb.maxOpenDuration(Durations.parse(n, v)));
    if (!maxOpen
        && open[0] != null
        && open[0].compareTo(CircuitBreaker.DEFAULT_MAX_OPEN_DURATION) > 0) {
      // A first open time past the default cap raises the cap rather than failing the start.
      cb.maxOpenDuration(open[0]);
    }
    any |= maxOpen;
    any |=
        setting(config, "breaker-half-open-probes", (n, v) -> cb.halfOpenProbes(parseCount(n, v)));
    return any ? Optional.of(cb) : Optional.empty();
  }

  /**
   * Applies init-param {@code name} when present; a value core's builder refuses is reported under
   * the init-param's name, not the builder's.
   */
  private static boolean setting(
      FilterConfig config, String name, BiConsumer<String, String> apply) {
    Optional<String> value = param(config, name);
    if (value.isEmpty()) {
      return false;
    }
    try {
      apply.accept(name, value.get());
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith(name + ":")) {
        throw e;
      }
      int colon = message.indexOf(": ");
      throw new IllegalArgumentException(
          name + ": " + (colon < 0 ? message : message.substring(colon + 2)), e);
    }
    return true;
  }

  private static int parseCount(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" (expected: a whole number, such as 10)");
    }
  }

  /** A fraction in (0, 1], written as 0.5 or 50%. */
  private static double parseRate(String name, String value) {
    String v = value.trim();
    boolean percent = v.endsWith("%");
    try {
      double rate = Double.parseDouble(percent ? v.substring(0, v.length() - 1).trim() : v);
      rate = percent ? rate / 100 : rate;
      if (!(rate > 0 && rate <= 1)) {
        throw new NumberFormatException();
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name
              + ": \""
              + value
              + "\" (expected: a fraction above 0 and at most 1, such as 0.5 or"
              + " 50%)");
    }
  }

  static int parseBytes(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("kib") || v.endsWith("mib") || v.endsWith("gib")) {
      unit = v.endsWith("kib") ? 1L << 10 : v.endsWith("mib") ? 1L << 20 : 1L << 30;
      v = v.substring(0, v.length() - 3).trim();
    }
    try {
      long bytes = Long.parseLong(v) * unit;
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new NumberFormatException();
      }
      return (int) bytes;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" (expected: bytes, such as 65536, 64KiB or 1MiB)");
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
    private String fallbackPage;
    private String cacheName = DEFAULT_CACHE_NAME;
    private boolean cacheStatusDetail = true;
    private Clock clock = Clock.systemUTC();
    private CircuitBreaker.Builder breaker;
    private FailsoftListener listener = new Slf4jListener();
    private long storeBytes = DEFAULT_STORE_BYTES;
    private StaleStore store;

    private Builder() {}

    /**
     * Total bytes of stored copies kept by the default store (Caffeine, W-TinyLFU admission, so a
     * flood of one-off URLs cannot evict popular pages). Default: {@value #DEFAULT_STORE_BYTES} (64
     * MiB). Ignored when {@link #store(StaleStore)} is set.
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
      return this;
    }

    /**
     * Where stored copies live, instead of the default byte-bounded Caffeine store; for example one
     * store shared by several filters. Default: a {@link CaffeineStaleStore} of {@link
     * #storeBytes(long)} bytes.
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
     * with {@code breaker} on); the breakers report to this filter's {@link #listener}. Default:
     * {@link CircuitBreaker#builder()}'s defaults, timed by {@link #clock(Clock)}.
     *
     * @param breaker the breaker settings, copied: later changes to it have no effect, and it may
     *     be shared with other filters and clients
     * @return this builder
     * @throws NullPointerException if {@code breaker} is null
     */
    public Builder circuitBreaker(CircuitBreaker.Builder breaker) {
      this.breaker = requireNonNull(breaker, "breaker").copy();
      return this;
    }

    /**
     * Receives diagnoses, stale copies served (one event each, with its cause) and breaker state
     * changes; its exceptions are logged, never propagated. Default: {@link Slf4jListener}.
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
     * Sets the clock for ages and freshness, and for the timing of the default store and the
     * default breakers. Default: {@link Clock#systemUTC()}.
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
     */
    public StaleIfErrorFilter build() {
      return new StaleIfErrorFilter(this);
    }
  }
}
