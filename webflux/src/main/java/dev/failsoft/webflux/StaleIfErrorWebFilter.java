package dev.failsoft.webflux;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.ProxyStatus;
import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.cache.StaleCache;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleWindows;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.event.Slf4jListener;
import dev.failsoft.http.RequestHead;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
import dev.failsoft.policy.Outcome;
import dev.failsoft.policy.Ticker;
import dev.failsoft.webflux.internal.AnswerWriter;
import dev.failsoft.webflux.internal.Heads;
import dev.failsoft.webflux.internal.HoldingResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A {@link WebFilter} that serves the last good copy of a page when the handler behind it fails: it
 * errors, answers a failure status, or misses the route's soft deadline. In front of Spring Cloud
 * Gateway (WebFilters run before the gateway's handler) the same holds for a route whose upstream
 * refuses, resets, answers 502 or is slow.
 *
 * <p>What the handler writes is held, copied into heap memory (each {@code DataBuffer} released at
 * once), up to {@link Builder#bufferBytes buffer-bytes} until the handler is done, so a failure can
 * still be replaced; a longer body, {@code text/event-stream} and {@code writeAndFlushWith}
 * streaming pass through untouched from that point, and can be neither replaced nor stored. Every
 * decision is core's {@link StaleCache} with the shared-cache {@link StalePolicy} of the request's
 * {@link RouteRule}: whether a good response is stored, and whether and how a stored copy is served
 * ({@code Age}, {@code Cache-Status}, 304 for a matching conditional request, never {@code
 * Set-Cookie}). Without a usable copy the failure passes on with a {@code Proxy-Status} member
 * naming it; a handler's exception is passed on to WebFlux's error handling.
 *
 * <p>Each route with {@code breaker} on has one core {@link CircuitBreaker}; while it is open, a
 * request with a usable copy gets it at once ({@code Cache-Status: ...; hit; detail=circuit-open})
 * without calling the handler, and a request without one goes through. The store is read through
 * {@link StaleStore#getAsync}, so a remote store never blocks an event loop. Diagnoses, stale
 * copies served and breaker changes go to the {@link Builder#listener listener}.
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class StaleIfErrorWebFilter implements WebFilter {

  /** Default body bytes held per response: {@value} (1 MiB). */
  public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

  /** Default total bytes of stored copies: {@value} (64 MiB). */
  public static final long DEFAULT_STORE_BYTES = CaffeineStaleStore.DEFAULT_MAXIMUM_BYTES;

  /** Default cache name in the headers this filter writes: {@value}. */
  public static final String DEFAULT_CACHE_NAME = StalePolicy.DEFAULT_CACHE_NAME;

  /** A route rule with the core cache that decides for it. */
  private record Route(RouteRule rule, StaleCache cache) {}

  /** How the handler ended: done (its output held or passed through), or with an exception. */
  private record Ended(@Nullable Throwable error) {}

  private final List<Route> routes;
  private final Diagnoser diagnoser = Diagnoser.standard();
  private final HostRegistry<CircuitBreaker> breakers;
  private final FailsoftListener listener;
  private final Clock clock;
  private final int bufferBytes;

  private StaleIfErrorWebFilter(Builder b) {
    this.clock = b.clock;
    this.bufferBytes = b.bufferBytes;
    this.listener = FailsoftListener.guarded(b.listener);
    // The one ticker of this filter: the default store and the breakers follow its clock.
    Ticker ticker = Ticker.fromClock(b.clock);
    StaleStore store = b.store;
    if (store == null) {
      store = CaffeineStaleStore.builder().maximumBytes(b.storeBytes).ticker(ticker).build();
    }
    List<RouteRule> rules = new ArrayList<>(b.routes);
    rules.add(b.defaultRule);
    List<Route> built = new ArrayList<>();
    for (RouteRule rule : rules) {
      // The route's max-stale is both the window for responses without stale-if-error (the
      // operator's out-of-band contract, RFC 9111 §4.2.4) and the cap on any they carry.
      StalePolicy policy =
          StalePolicy.shared()
              .cacheName(b.cacheName)
              .exposeDetail(b.cacheStatusDetail)
              .maxBodyBytes(b.bufferBytes)
              .windows(
                  StaleWindows.builder()
                      .defaultStaleIfError(rule.maxStale())
                      .maxStaleIfError(rule.maxStale())
                      .storeCookieRequests(rule.storeCookieRequests())
                      .build())
              .build();
      built.add(new Route(rule, StaleCache.of(policy, store, b.clock, b.banner)));
    }
    this.routes = List.copyOf(built);
    this.breakers = HostRegistry.breakers(b.breaker, ticker, listener);
  }

  /**
   * Returns a builder.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    Route route = route(request.getPath().pathWithinApplication());
    if (!route.rule().enabled()) {
      return chain.filter(exchange);
    }
    RequestHead head =
        Heads.request(request.getMethod().name(), request.getURI(), request.getHeaders());
    String key = route.rule().pattern();
    CircuitBreaker breaker = route.rule().breaker() ? breakers.get(key) : null;
    if (breaker != null && !breaker.tryAcquirePermission()) {
      Diagnosis open = Diagnosis.circuitOpen(key, breaker.isHeld());
      return Mono.fromCompletionStage(
              route.cache().serveInsteadAsync(head, open, StaleCache.Reason.CIRCUIT_OPEN))
          .flatMap(
              answer ->
                  answer.isPresent()
                      ? serve(exchange.getResponse(), key, open, answer.get())
                      // No copy: the request goes through, unguarded and uncounted.
                      : forward(exchange, chain, route, head, null));
    }
    return forward(exchange, chain, route, head, breaker);
  }

  private Route route(PathContainer path) {
    for (Route route : routes) {
      if (route.rule().matches(path)) {
        return route;
      }
    }
    return routes.get(routes.size() - 1);
  }

  private Mono<Void> forward(
      ServerWebExchange exchange,
      WebFilterChain chain,
      Route route,
      RequestHead head,
      @Nullable CircuitBreaker breaker) {
    Instant sent = clock.instant();
    HoldingResponse held = new HoldingResponse(exchange.getResponse(), bufferBytes);
    Mono<Object> handled =
        chain
            .filter(exchange.mutate().response(held).build())
            .then(Mono.<Object>fromSupplier(() -> new Ended(null)))
            .onErrorResume(e -> Mono.just(new Ended(e)));
    Optional<Duration> softDeadline = route.rule().softDeadline();
    Mono<Object> outcome = handled;
    Diagnosis late = null;
    if (softDeadline.isPresent()) {
      Diagnosis passed = Diagnosis.softDeadlinePassed(softDeadline.get());
      late = passed;
      Mono<Object> copy =
          Mono.delay(softDeadline.get())
              .filter(tick -> !held.passedThrough())
              .flatMap(
                  tick ->
                      Mono.fromCompletionStage(
                          route
                              .cache()
                              .serveInsteadAsync(head, passed, StaleCache.Reason.SOFT_DEADLINE)))
              .flatMap(Mono::justOrEmpty)
              // Served only if the handler has not begun to send: one compare-and-set decides.
              .filter(answer -> held.take())
              .cast(Object.class);
      outcome = Mono.firstWithValue(handled, copy);
    }
    Diagnosis deadline = late;
    ServerHttpResponse response = exchange.getResponse();
    return outcome.flatMap(
        result ->
            result instanceof StaleAnswer answer && deadline != null
                ? lateCopy(response, route, breaker, deadline, answer)
                : finish(response, route, head, held, (Ended) result, sent, breaker));
  }

  private Mono<Void> lateCopy(
      ServerHttpResponse response,
      Route route,
      @Nullable CircuitBreaker breaker,
      Diagnosis passed,
      StaleAnswer answer) {
    String key = route.rule().pattern();
    record(breaker, key, passed);
    return serve(response, key, passed, answer);
  }

  private Mono<Void> finish(
      ServerHttpResponse response,
      Route route,
      RequestHead head,
      HoldingResponse held,
      Ended ended,
      Instant sent,
      @Nullable CircuitBreaker breaker) {
    String key = route.rule().pattern();
    Throwable error = ended.error();
    if (!held.take()) {
      // The handler's output went through: nothing can be replaced any more, only counted.
      if (error != null) {
        record(breaker, key, diagnoser.diagnose(head, error));
        return Mono.error(error);
      }
      int status = Heads.status(response);
      if (StalePolicy.isErrorStatus(status)) {
        record(breaker, key, diagnoser.diagnose(head, Heads.response(response), new byte[0]));
      } else if (breaker != null) {
        breaker.record(Outcome.SUCCESS);
      }
      route.cache().offer(head, Heads.view(response), sent, clock.instant());
      return Mono.empty();
    }
    if (error != null) {
      Diagnosis d = diagnoser.diagnose(head, error);
      record(breaker, key, d);
      return insteadOf(
          response,
          route,
          head,
          d,
          () -> {
            markPassedOn(response, route, d);
            return Mono.error(error);
          });
    }
    int status = Heads.status(response);
    ByteBuffer body = held.heldBody();
    if (StalePolicy.isErrorStatus(status)) {
      Diagnosis d = diagnoser.diagnose(head, Heads.response(response), prefix(body));
      record(breaker, key, d);
      Supplier<Mono<Void>> passOn =
          () -> {
            markPassedOn(response, route, d);
            return AnswerWriter.writeHeld(response, body);
          };
      return route.rule().isFailure(status)
          ? insteadOf(response, route, head, d, passOn)
          : passOn.get();
    }
    if (breaker != null) {
      breaker.record(Outcome.SUCCESS);
    }
    route
        .cache()
        .offer(head, Heads.view(response), sent, clock.instant())
        .ifPresent(storing -> storing.complete(body));
    return AnswerWriter.writeHeld(response, body);
  }

  /** Serves the stored copy core allows instead of the failure, or runs {@code otherwise}. */
  private Mono<Void> insteadOf(
      ServerHttpResponse response,
      Route route,
      RequestHead head,
      Diagnosis failure,
      Supplier<Mono<Void>> otherwise) {
    return Mono.fromCompletionStage(
            route.cache().serveInsteadAsync(head, failure, StaleCache.Reason.ERROR))
        .flatMap(
            answer ->
                answer.isPresent()
                    ? serve(response, route.rule().pattern(), failure, answer.get())
                    : otherwise.get());
  }

  private Mono<Void> serve(
      ServerHttpResponse response, String key, Diagnosis failure, StaleAnswer answer) {
    listener.onStaleServed(key, failure.summary());
    return AnswerWriter.write(response, answer);
  }

  private void record(@Nullable CircuitBreaker breaker, String key, Diagnosis diagnosis) {
    listener.onDiagnosis(key, diagnosis);
    if (breaker != null) {
      breaker.record(Outcome.of(diagnosis));
    }
  }

  private static void markPassedOn(ServerHttpResponse response, Route route, Diagnosis d) {
    HttpHeaders headers = response.getHeaders();
    List<String> existing =
        Heads.fields(headers, List.of(ProxyStatus.HEADER)).values(ProxyStatus.HEADER);
    headers.set(ProxyStatus.HEADER, route.cache().proxyStatus(existing, d));
  }

  private static byte[] prefix(ByteBuffer body) {
    byte[] out = new byte[Math.min(body.remaining(), ResponseSample.MAX_BODY_BYTES)];
    body.duplicate().get(out);
    return out;
  }

  /**
   * Configures a {@link StaleIfErrorWebFilter}. Not thread-safe; the filter it builds is immutable
   * in configuration.
   */
  public static final class Builder {
    private final List<RouteRule> routes = new ArrayList<>();
    private RouteRule defaultRule = RouteRule.defaults();
    private int bufferBytes = DEFAULT_BUFFER_BYTES;
    private boolean banner;
    private String cacheName = DEFAULT_CACHE_NAME;
    private boolean cacheStatusDetail = true;
    private Clock clock = Clock.systemUTC();
    private CircuitBreaker.Config breaker = CircuitBreaker.Config.defaults();
    private FailsoftListener listener = new Slf4jListener();
    private long storeBytes = DEFAULT_STORE_BYTES;
    private @Nullable StaleStore store;

    private Builder() {}

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
     * Sets the longest staleness served on paths no route matches; shorthand for a {@link
     * #defaultRule} with this {@link RouteRule.Builder#maxStale}. Default: 1 day.
     *
     * @param maxStale zero or more
     * @return this builder
     * @throws NullPointerException if {@code maxStale} is null
     * @throws IllegalArgumentException if {@code maxStale} is negative
     */
    public Builder maxStale(Duration maxStale) {
      this.defaultRule = RouteRule.forPattern("/**").maxStale(maxStale).build();
      return this;
    }

    /**
     * Body bytes held per response until the handler is done; a larger body passes through and is
     * neither replaced nor stored. Default: {@value #DEFAULT_BUFFER_BYTES} (1 MiB).
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
     * Total bytes of stored copies kept by the default store (Caffeine, bounded in bytes). Default:
     * {@value #DEFAULT_STORE_BYTES} (64 MiB). Ignored when {@link #store(StaleStore)} is set.
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
     * Where stored copies live, instead of the default Caffeine store; it is read through {@link
     * StaleStore#getAsync}, so a remote store should answer that without blocking. Default: a
     * {@link CaffeineStaleStore} of {@link #storeBytes(long)} bytes.
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
     * How each route's circuit breaker trips and recovers; the breakers report to this filter's
     * {@link #listener}. Default: {@link CircuitBreaker#builder()}'s defaults, timed by {@link
     * #clock(Clock)}.
     *
     * @param breaker the breaker settings ({@link CircuitBreaker.Builder#config()})
     * @return this builder
     * @throws NullPointerException if {@code breaker} is null
     */
    public Builder circuitBreaker(CircuitBreaker.Config breaker) {
      this.breaker = requireNonNull(breaker, "breaker");
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
     * @param detail false to leave it out
     * @return this builder
     */
    public Builder cacheStatusDetail(boolean detail) {
      this.cacheStatusDetail = detail;
      return this;
    }

    /**
     * Receives diagnoses, stale copies served and breaker state changes; its exceptions are logged,
     * never propagated. Default: {@link Slf4jListener}.
     *
     * @param listener the listener, called on event-loop threads: it must not block
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(FailsoftListener listener) {
      this.listener = requireNonNull(listener, "listener");
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
     * Returns a filter with this configuration; later changes to this builder do not affect it.
     *
     * @return a new, thread-safe filter
     */
    public StaleIfErrorWebFilter build() {
      return new StaleIfErrorWebFilter(this);
    }
  }
}
