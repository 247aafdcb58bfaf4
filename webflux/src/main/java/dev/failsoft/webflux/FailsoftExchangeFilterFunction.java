package dev.failsoft.webflux;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.ProxyStatus;
import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.cache.StaleCache;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
import dev.failsoft.policy.Outcome;
import dev.failsoft.policy.RetryBudget;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import dev.failsoft.policy.Ticker;
import dev.failsoft.webflux.internal.Heads;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@code WebClient} filter with the OkHttp interceptor's promises: every failure (an exception,
 * or a 5xx or 429) is diagnosed; it is retried only when core's {@link RetryPolicy} says the
 * request can be repeated (phase, method, {@code Idempotency-Key}), after its backoff or the
 * upstream's {@code Retry-After}, within a per-host {@link RetryBudget} and past a per-host {@link
 * CircuitBreaker}; on the final failure a stored copy is served when core's private-cache {@link
 * StalePolicy} allows (client stale-if-error, off unless {@link Builder#staleIfError} is set); a
 * final exception is an {@link UpstreamFailureException} carrying the {@link Diagnosis}, and a
 * final failure response carries it as a {@code Proxy-Status} field.
 *
 * <p>The retries are this filter's own: {@code retry()} on the call's {@code Mono} re-subscribes
 * past the filters and does not run them again (spring-framework#23909), so do not add one. Waits
 * between attempts are timers, never a blocked thread. Register it with {@code
 * WebClient.builder().filter(FailsoftExchangeFilterFunction.builder().build())}.
 *
 * <p>Thread-safe: one instance serves every call of a client.
 */
public final class FailsoftExchangeFilterFunction implements ExchangeFilterFunction {
  private static final Logger log = LoggerFactory.getLogger(FailsoftExchangeFilterFunction.class);

  /** Idle hosts' budgets are dropped after this long. */

  /** At most this many hosts are tracked at once. */
  private final Diagnoser diagnoser;

  private final RetryPolicy policy;
  private final HostRegistry<CircuitBreaker> breakers;
  private final HostRegistry<RetryBudget> budgets;
  private final FailsoftListener listener;
  private final @Nullable StaleCache stale;
  private final Clock clock;

  private FailsoftExchangeFilterFunction(Builder b) {
    this.diagnoser = b.diagnoser;
    this.policy = b.policy;
    this.listener = FailsoftListener.guarded(b.listener);
    Ticker ticker = Ticker.fromClock(b.clock);
    this.breakers = HostRegistry.breakers(b.breaker, ticker, listener);
    this.budgets = HostRegistry.budgets(b.budget, ticker);
    this.clock = b.clock;
    StalePolicy stalePolicy = b.stalePolicy;
    if (stalePolicy != null) {
      StaleStore store = b.store != null ? b.store : CaffeineStaleStore.builder().build();
      this.stale = StaleCache.of(stalePolicy, store, b.clock, false);
    } else {
      this.stale = null;
    }
  }

  /**
   * Returns a builder.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /** One call's progress across its attempts. */
  private static final class Call {
    final ClientRequest request;
    final RequestHead head;
    final String key;
    final CircuitBreaker breaker;
    final RetryBudget budget;
    final long start = System.nanoTime();
    Duration previousDelay = Duration.ZERO;

    Call(
        ClientRequest request,
        RequestHead head,
        String key,
        CircuitBreaker breaker,
        RetryBudget budget) {
      this.request = request;
      this.head = head;
      this.key = key;
      this.breaker = breaker;
      this.budget = budget;
    }
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.defer(
        () -> {
          RequestHead head =
              Heads.request(request.method().name(), request.url(), request.headers());
          String key = head.host() + ":" + port(request);
          Call call = new Call(request, head, key, breakers.get(key), budgets.get(key));
          call.budget.recordRequest();
          return attempt(call, next, 1);
        });
  }

  private static int port(ClientRequest request) {
    int port = request.url().getPort();
    if (port >= 0) {
      return port;
    }
    return "https".equalsIgnoreCase(request.url().getScheme()) ? 443 : 80;
  }

  private Mono<ClientResponse> attempt(Call call, ExchangeFunction next, int n) {
    if (!call.breaker.tryAcquirePermission()) {
      Diagnosis open = Diagnosis.circuitOpen(call.key, call.breaker.isHeld());
      listener.onRetryDenied(
          call.key,
          n,
          RetryDecision.failFast(
              RetryDecision.Reason.BREAKER_OPEN, "circuit for " + call.key + " open"));
      return giveUp(
          call,
          open,
          n - 1,
          new IllegalStateException(
              "circuit for " + call.key + " is open; the request was not sent"));
    }
    listener.onAttempt(call.key, n);
    Instant sent = clock.instant();
    return next.exchange(call.request)
        .flatMap(
            response ->
                isFailure(response.statusCode().value())
                    ? failedResponse(call, next, n, response)
                    : Mono.just(succeeded(call, response, sent)))
        .onErrorResume(
            e -> !(e instanceof UpstreamFailureException),
            e -> {
              Diagnosis d = diagnoser.diagnose(call.head, e);
              RetryDecision decision = decide(call, d, n);
              if (decision.shouldRetry()) {
                return retryLater(call, next, n, decision);
              }
              return giveUp(call, d, n, e);
            });
  }

  /**
   * Core's retry decision with the host's bookkeeping: the breaker counts the failure, and the
   * policy (given the budget and breaker) charges a retry to the budget and holds the host back on
   * a 503/429 Retry-After. The only place this filter touches budget, breaker and policy.
   */
  private RetryDecision decide(Call call, Diagnosis d, int attempt) {
    listener.onDiagnosis(call.key, d);
    call.breaker.record(Outcome.of(d));
    // The decision is pure; it is applied here (a retry charged to the budget, the host held
    // back on a Retry-After), and another call may have spent the budget meanwhile.
    RetryDecision decision =
        policy
            .decide(
                d,
                attempt,
                Duration.ofNanos(System.nanoTime() - call.start),
                call.previousDelay,
                call.budget,
                call.breaker)
            .applyTo(call.budget, call.breaker);
    if (decision.shouldRetry()) {
      listener.onRetryScheduled(call.key, attempt, decision);
    } else {
      listener.onRetryDenied(call.key, attempt, decision);
    }
    return decision;
  }

  private Mono<ClientResponse> retryLater(
      Call call, ExchangeFunction next, int n, RetryDecision decision) {
    call.previousDelay = decision.delay();
    return Mono.delay(decision.delay()).then(Mono.defer(() -> attempt(call, next, n + 1)));
  }

  /** 5xx and 429 are failures to diagnose; everything else is the upstream's answer. */
  private static boolean isFailure(int status) {
    return status >= 500 || status == 429;
  }

  private Mono<ClientResponse> failedResponse(
      Call call, ExchangeFunction next, int n, ClientResponse response) {
    return response
        .bodyToMono(byte[].class)
        .onErrorResume(e -> Mono.empty())
        .defaultIfEmpty(new byte[0])
        .flatMap(
            body -> {
              ResponseHead head =
                  ResponseHead.of(
                      response.statusCode().value(),
                      Heads.fields(response.headers().asHttpHeaders()));
              byte[] prefix =
                  Arrays.copyOf(body, Math.min(body.length, ResponseSample.MAX_BODY_BYTES));
              Diagnosis d = diagnoser.diagnose(call.head, head, prefix);
              RetryDecision decision = decide(call, d, n);
              if (decision.shouldRetry()) {
                return retryLater(call, next, n, decision);
              }
              return staleInstead(call, d)
                  .switchIfEmpty(
                      Mono.fromSupplier(
                          () -> {
                            log.warn(
                                "{} {} answered {} after {} attempt(s): {}",
                                call.head.method(),
                                call.key,
                                head.status(),
                                n,
                                d.summary());
                            List<String> existing = response.headers().header(ProxyStatus.HEADER);
                            String proxyStatus =
                                stale != null
                                    ? stale.proxyStatus(existing, d)
                                    : ProxyStatus.member(StalePolicy.DEFAULT_CACHE_NAME, d, false);
                            return response
                                .mutate()
                                .headers(h -> h.set(ProxyStatus.HEADER, proxyStatus))
                                .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
                                .build();
                          }));
            });
  }

  private Mono<ClientResponse> giveUp(Call call, Diagnosis d, int attempts, Throwable cause) {
    return staleInstead(call, d)
        .switchIfEmpty(
            Mono.error(
                () -> {
                  log.warn(
                      "{} {} failed after {} attempt(s): {}",
                      call.head.method(),
                      call.key,
                      attempts,
                      d.summary());
                  return new UpstreamFailureException(d, attempts, cause);
                }));
  }

  private Mono<ClientResponse> staleInstead(Call call, Diagnosis d) {
    StaleCache cache = stale;
    if (cache == null) {
      return Mono.empty();
    }
    return Mono.fromCompletionStage(cache.serveInsteadAsync(call.head, d, StaleCache.Reason.ERROR))
        .flatMap(Mono::justOrEmpty)
        .map(
            answer -> {
              listener.onStaleServed(call.key, d.summary());
              return response(answer);
            });
  }

  /** Core's answer as a response, written exactly. */
  private static ClientResponse response(StaleAnswer answer) {
    ByteBuffer body = answer.body();
    return ClientResponse.create(
            HttpStatusCode.valueOf(answer.status()), ExchangeStrategies.withDefaults())
        .headers(
            h -> {
              for (Headers.Field field : answer.headers()) {
                h.add(field.name(), field.value());
              }
              if (answer.contentLength() >= 0) {
                h.setContentLength(answer.contentLength());
              }
            })
        .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
        .build();
  }

  /**
   * A good response: the breaker counts the success, and when core admits it for storage the body
   * is copied (up to the cap) as the caller reads it and stored when complete.
   */
  private ClientResponse succeeded(Call call, ClientResponse response, Instant sent) {
    call.breaker.record(Outcome.SUCCESS);
    StaleCache cache = stale;
    if (cache == null) {
      return response;
    }
    Optional<StaleCache.Storing> storing =
        cache.offer(
            call.head,
            StaleCache.ResponseView.of(
                ResponseHead.of(
                    response.statusCode().value(),
                    Heads.fields(response.headers().asHttpHeaders()))),
            sent,
            clock.instant());
    if (storing.isEmpty()) {
      return response;
    }
    StaleCache.Storing store = storing.get();
    Copy copy = new Copy(store.maxBodyBytes());
    return response
        .mutate()
        .body(flux -> flux.doOnNext(copy::add).doOnComplete(() -> copy.complete(store)))
        .build();
  }

  /** The bytes of a body as the caller reads it, up to a cap; past it, nothing is stored. */
  private static final class Copy {
    private final int cap;
    private byte[] bytes = new byte[0];
    private int length;
    private boolean over;

    Copy(int cap) {
      this.cap = cap;
    }

    void add(DataBuffer buffer) {
      int n = buffer.readableByteCount();
      if (over || n > cap - length) {
        over = true;
        return;
      }
      if (bytes.length < length + n) {
        bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(length + n, bytes.length * 2)));
      }
      buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), length, n);
      length += n;
    }

    void complete(StaleCache.Storing store) {
      if (!over) {
        store.complete(ByteBuffer.wrap(bytes, 0, length));
      }
    }
  }

  /** Configures a {@link FailsoftExchangeFilterFunction}. Not thread-safe. */
  public static final class Builder {
    private Diagnoser diagnoser = Diagnoser.standard();
    private RetryPolicy policy = RetryPolicy.ofDefaults();
    private CircuitBreaker.Config breaker = CircuitBreaker.Config.defaults();
    private RetryBudget.Config budget = RetryBudget.Config.defaults();
    private FailsoftListener listener = FailsoftListener.NONE;
    private @Nullable StalePolicy stalePolicy;
    private @Nullable StaleStore store;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Which failures are retried, how often, how far apart and for how long. Default: {@link
     * RetryPolicy#ofDefaults()}.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How each host's circuit breaker trips and recovers. Default: {@link
     * CircuitBreaker#builder()}'s defaults.
     *
     * @param breaker the settings ({@link CircuitBreaker.Builder#config()})
     * @return this builder
     * @throws NullPointerException if {@code breaker} is null
     */
    public Builder circuitBreaker(CircuitBreaker.Config breaker) {
      this.breaker = requireNonNull(breaker, "breaker");
      return this;
    }

    /**
     * How many retries each host's budget allows. Default: {@link RetryBudget#builder()}'s
     * defaults.
     *
     * @param budget the settings ({@link RetryBudget.Builder#config()})
     * @return this builder
     * @throws NullPointerException if {@code budget} is null
     */
    public Builder retryBudget(RetryBudget.Config budget) {
      this.budget = requireNonNull(budget, "budget");
      return this;
    }

    /**
     * How failures are diagnosed. Default: {@link Diagnoser#standard()}.
     *
     * @param diagnoser the diagnoser
     * @return this builder
     * @throws NullPointerException if {@code diagnoser} is null
     */
    public Builder diagnoser(Diagnoser diagnoser) {
      this.diagnoser = requireNonNull(diagnoser, "diagnoser");
      return this;
    }

    /**
     * Receives attempts, retries, denials, diagnoses, stale copies served and breaker changes; its
     * exceptions are logged, never propagated. Default: {@link FailsoftListener#NONE}.
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
     * Turns on client stale-if-error with {@code policy}, normally {@link
     * StalePolicy#privateCache()} (one client's copies, never shared). Default: off.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder staleIfError(StalePolicy policy) {
      this.stalePolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Where stored copies live when stale-if-error is on. Default: a {@link CaffeineStaleStore}
     * with its defaults ({@value CaffeineStaleStore#DEFAULT_MAXIMUM_BYTES} bytes).
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
     * Sets the clock for ages and freshness of stored copies. Default: {@link Clock#systemUTC()}.
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
     * Returns the filter; later changes to this builder do not affect it.
     *
     * @return a new, thread-safe filter
     */
    public FailsoftExchangeFilterFunction build() {
      return new FailsoftExchangeFilterFunction(this);
    }
  }
}
