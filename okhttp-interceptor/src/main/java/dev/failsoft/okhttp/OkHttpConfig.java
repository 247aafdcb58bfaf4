package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.okhttp.internal.Sleeper;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.RetryBudget;
import dev.failsoft.policy.RetryPolicy;
import dev.failsoft.policy.Ticker;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How Failsoft behaves on one OkHttp client: diagnosis, retries, stale-if-error and how it treats
 * OkHttp's own connection retries.
 *
 * <p>Every retry and protection rule is core's: {@link RetryPolicy} decides (attempts, backoff,
 * Retry-After, safety, deadline), a {@link RetryBudget} and a {@link CircuitBreaker} per host
 * ({@code host:port}) limit the load on a failing upstream. Defaults: the standard {@link
 * Diagnoser}; {@link RetryPolicy#ofDefaults()}; {@link RetryBudget.Config#defaults()} and {@link
 * CircuitBreaker.Config#defaults()} per host; {@link FailsoftListener#NONE}, as for the servlet
 * filter (the adapter logs through slf4j itself: DEBUG per attempt, one WARN per final failure;
 * {@link dev.failsoft.event.Slf4jListener} logs every event); stale-if-error off; OkHttp's {@code
 * retryOnConnectionFailure} turned off by {@link FailsoftOkHttp#install}; a {@code Proxy-Status}
 * field added to failure responses; the system UTC clock, and a {@link Ticker} that follows it.
 *
 * <p>Time: the {@link #clock()} dates stored responses and judges their age; the {@link #ticker()}
 * times everything else — the breakers, the retry budgets, the waits between attempts, the call's
 * elapsed time and the default store's retention — so one fake clock (or ticker) moves them all.
 * Immutable and thread-safe; the {@link Builder} is not.
 */
public final class OkHttpConfig {

  private final Diagnoser diagnoser;
  private final RetryPolicy retryPolicy;
  private final RetryBudget.Config retryBudget;
  private final CircuitBreaker.Config circuitBreaker;
  private final FailsoftListener listener;
  private final @Nullable StalePolicy stalePolicy;
  private final @Nullable StaleStore staleStore;
  private final boolean keepOkHttpConnectionRetries;
  private final boolean proxyStatus;
  private final Clock clock;
  private final Ticker ticker;
  private final Sleeper sleeper;

  private OkHttpConfig(Builder b) {
    this.clock = b.clock;
    this.ticker = b.ticker != null ? b.ticker : Ticker.fromClock(b.clock);
    this.sleeper = b.sleeper != null ? b.sleeper : Sleeper.parking(ticker);
    this.diagnoser = b.diagnoser;
    this.retryPolicy = b.retryPolicy;
    this.retryBudget = b.retryBudget;
    this.circuitBreaker = b.circuitBreaker;
    this.listener = b.listener;
    this.stalePolicy = b.stalePolicy;
    this.staleStore =
        b.stalePolicy == null
            ? null
            : b.staleStore != null
                ? b.staleStore
                : CaffeineStaleStore.builder().ticker(ticker).build();
    this.keepOkHttpConnectionRetries = b.keepOkHttpConnectionRetries;
    this.proxyStatus = b.proxyStatus;
  }

  /**
   * Returns the configuration with every default.
   *
   * @return a new configuration
   */
  public static OkHttpConfig defaults() {
    return builder().build();
  }

  /**
   * Returns a builder; see the class documentation for the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the diagnoser every failure goes through.
   *
   * @return the diagnoser
   */
  public Diagnoser diagnoser() {
    return diagnoser;
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns the listener that receives Failsoft's events.
   *
   * @return the listener, guarded so that it never breaks a call
   */
  public FailsoftListener listener() {
    return listener;
  }

  /**
   * Returns the settings of each host's retry budget.
   *
   * @return the budget configuration
   */
  public RetryBudget.Config retryBudget() {
    return retryBudget;
  }

  /**
   * Returns the settings of each host's circuit breaker.
   *
   * @return the breaker configuration
   */
  public CircuitBreaker.Config circuitBreaker() {
    return circuitBreaker;
  }

  /**
   * Returns the stale-if-error policy.
   *
   * @return the policy, or empty when stale-if-error is off
   */
  public Optional<StalePolicy> stalePolicy() {
    return Optional.ofNullable(stalePolicy);
  }

  /**
   * Returns where stale copies are kept.
   *
   * @return the store, or empty when stale-if-error is off
   */
  public Optional<StaleStore> staleStore() {
    return Optional.ofNullable(staleStore);
  }

  /**
   * Returns whether {@link FailsoftOkHttp#install} leaves {@code retryOnConnectionFailure} alone.
   *
   * @return the {@link Builder#keepOkHttpConnectionRetries} setting
   */
  public boolean keepOkHttpConnectionRetries() {
    return keepOkHttpConnectionRetries;
  }

  /**
   * Returns whether failure responses get a {@code Proxy-Status} field.
   *
   * @return the {@link Builder#proxyStatus} setting
   */
  public boolean proxyStatus() {
    return proxyStatus;
  }

  /**
   * Returns the clock that dates stored responses and judges their age.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the time source for durations: breakers, budgets, waits between attempts and the
   * default store's retention.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /** Builds an {@link OkHttpConfig}. Not thread-safe. */
  public static final class Builder {
    private Diagnoser diagnoser = Diagnoser.standard();
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private RetryBudget.Config retryBudget = RetryBudget.Config.defaults();
    private CircuitBreaker.Config circuitBreaker = CircuitBreaker.Config.defaults();
    private FailsoftListener listener = FailsoftListener.NONE;
    private @Nullable StalePolicy stalePolicy;
    private @Nullable StaleStore staleStore;
    private boolean keepOkHttpConnectionRetries;
    private boolean proxyStatus = true;
    private Clock clock = Clock.systemUTC();
    private @Nullable Ticker ticker;
    private @Nullable Sleeper sleeper;

    private Builder() {}

    /**
     * Sets the diagnoser, for example one with the user's signature rules. Default: {@link
     * Diagnoser#standard()}.
     *
     * @param value the diagnoser
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder diagnoser(Diagnoser value) {
      diagnoser = requireNonNull(value, "diagnoser");
      return this;
    }

    /**
     * Sets the retry policy. Default: {@link RetryPolicy#ofDefaults()}.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder retryPolicy(RetryPolicy policy) {
      retryPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the settings of each host's ({@code host:port}) retry budget; the budgets are timed by
     * the {@link #ticker}. Default: {@link RetryBudget.Config#defaults()}.
     *
     * @param config the settings, immutable (for example {@code RetryBudget.builder()...config()})
     * @return this builder
     * @throws NullPointerException if {@code config} is null
     */
    public Builder retryBudget(RetryBudget.Config config) {
      retryBudget = requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the settings of each host's ({@code host:port}) circuit breaker; the breakers are timed
     * by the {@link #ticker} and report state changes to the {@link #listener}. Default: {@link
     * CircuitBreaker.Config#defaults()}.
     *
     * @param config the settings, immutable (for example {@code
     *     CircuitBreaker.builder()...config()}) and shareable with other clients and filters
     * @return this builder
     * @throws NullPointerException if {@code config} is null
     */
    public Builder circuitBreaker(CircuitBreaker.Config config) {
      circuitBreaker = requireNonNull(config, "config");
      return this;
    }

    /**
     * Receives Failsoft's events; its exceptions are logged and never break a call. Default: {@link
     * FailsoftListener#NONE}, as for the servlet filter (use {@code new Slf4jListener()} for a log
     * line per event).
     *
     * @param value the listener, called on the calling thread
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder listener(FailsoftListener value) {
      listener = FailsoftListener.guarded(requireNonNull(value, "listener"));
      return this;
    }

    /**
     * Turns stale-if-error on with {@code policy}, which must be a private-cache policy ({@link
     * StalePolicy#privateCache()}): one client's copies, never shared. Default: off.
     *
     * @param policy a private-cache policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalArgumentException if {@code policy} is a shared-cache policy
     */
    public Builder staleIfError(StalePolicy policy) {
      requireNonNull(policy, "policy");
      if (policy.isShared()) {
        throw new IllegalArgumentException(
            "staleIfError: a shared-cache policy (expected: StalePolicy.privateCache()...build())");
      }
      stalePolicy = policy;
      return this;
    }

    /**
     * Where stale copies are kept. Default: a {@link CaffeineStaleStore} with its defaults, created
     * when stale-if-error is on.
     *
     * @param store the store, thread-safe; {@link #build()} requires {@link #staleIfError} too
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     */
    public Builder staleStore(StaleStore store) {
      staleStore = requireNonNull(store, "store");
      return this;
    }

    /**
     * Whether {@link FailsoftOkHttp#install} leaves OkHttp's {@code retryOnConnectionFailure} as it
     * is. OkHttp's own retry may send a POST again after it reached the upstream; Failsoft turns it
     * off so that only its phase-aware retries run. Default: false (turned off).
     *
     * @param value true to keep OkHttp's setting
     * @return this builder
     */
    public Builder keepOkHttpConnectionRetries(boolean value) {
      keepOkHttpConnectionRetries = value;
      return this;
    }

    /**
     * Sets whether failure responses get a {@code Proxy-Status} field (RFC 9209). Default: true.
     *
     * @param value false to leave responses as the upstream sent them
     * @return this builder
     */
    public Builder proxyStatus(boolean value) {
      proxyStatus = value;
      return this;
    }

    /**
     * Sets the clock that dates stored responses and judges their age; unless a {@link #ticker} is
     * set, every timer follows it too ({@link Ticker#fromClock}). Default: {@link
     * Clock#systemUTC()}.
     *
     * @param value the clock
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder clock(Clock value) {
      clock = requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the time source for durations: each host's breaker and budget, the waits between
     * attempts (a wait never lasts longer than its real duration, so a ticker that stands still
     * cannot hold a call forever), the call's elapsed time and the default store's retention.
     * Default: {@link Ticker#fromClock} of the {@link #clock}, which is {@link Ticker#system()} for
     * the system clock.
     *
     * @param value the ticker
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder ticker(Ticker value) {
      ticker = requireNonNull(value, "ticker");
      sleeper = null;
      return this;
    }

    /** Test hook: a fake wait between attempts, which is also the time source. */
    Builder sleeper(Sleeper value) {
      sleeper = requireNonNull(value, "sleeper");
      ticker = value::nanoTime;
      return this;
    }

    /**
     * Returns the configuration with the settings made so far.
     *
     * @return an immutable configuration
     * @throws IllegalStateException if a stale store was set without {@link #staleIfError}
     */
    public OkHttpConfig build() {
      if (staleStore != null && stalePolicy == null) {
        throw new IllegalStateException("staleStore was set but staleIfError was not; set both");
      }
      return new OkHttpConfig(this);
    }
  }
}
