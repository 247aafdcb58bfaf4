package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.okhttp.internal.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How Failsoft behaves on one OkHttp client: diagnosis, retries, stale-if-error and how it
 * treats OkHttp's own connection retries.
 *
 * <p>Defaults: the standard {@link Diagnoser}; at most {@value #DEFAULT_MAX_ATTEMPTS} attempts,
 * {@link #DEFAULT_BACKOFF} (100 ms) doubling between them unless the upstream sends Retry-After;
 * stale-if-error off; OkHttp's {@code retryOnConnectionFailure} turned off by {@link
 * FailsoftOkHttp#install}; a {@code Proxy-Status} field added to failure responses; the system UTC
 * clock. Immutable and thread-safe; the {@link Builder} is not.
 */
public final class OkHttpConfig {

  /** The default most attempts per call, the first included: {@value}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The default delay before the first retry, doubled before each further one: 100 ms. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(100);

  private final Diagnoser diagnoser;
  private final int maxAttempts;
  private final Duration backoff;
  private final StalePolicy stalePolicy;
  private final StaleStore staleStore;
  private final boolean keepOkHttpConnectionRetries;
  private final boolean proxyStatus;
  private final Clock clock;
  private final Sleeper sleeper;

  private OkHttpConfig(Builder b) {
    this.diagnoser = b.diagnoser;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.stalePolicy = b.stalePolicy;
    this.staleStore = b.stalePolicy == null ? null
        : b.staleStore != null ? b.staleStore : CaffeineStaleStore.builder().build();
    this.keepOkHttpConnectionRetries = b.keepOkHttpConnectionRetries;
    this.proxyStatus = b.proxyStatus;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /** Returns the configuration with every default. */
  public static OkHttpConfig defaults() {
    return builder().build();
  }

  /** Returns a builder; see the class documentation for the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the diagnoser every failure goes through. */
  public Diagnoser diagnoser() {
    return diagnoser;
  }

  /** Returns the most attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the delay before the first retry when the upstream gave no Retry-After. */
  public Duration backoff() {
    return backoff;
  }

  /** Returns the stale-if-error policy, when stale-if-error is on. */
  public Optional<StalePolicy> stalePolicy() {
    return Optional.ofNullable(stalePolicy);
  }

  /** Returns where stale copies are kept, when stale-if-error is on. */
  public Optional<StaleStore> staleStore() {
    return Optional.ofNullable(staleStore);
  }

  /** Returns true when {@link FailsoftOkHttp#install} leaves retryOnConnectionFailure alone. */
  public boolean keepOkHttpConnectionRetries() {
    return keepOkHttpConnectionRetries;
  }

  /** Returns true when failure responses get a {@code Proxy-Status} field. */
  public boolean proxyStatus() {
    return proxyStatus;
  }

  /** Returns the clock that dates stored responses and judges their age. */
  public Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /** Builds an {@link OkHttpConfig}. Not thread-safe. */
  public static final class Builder {
    private Diagnoser diagnoser = Diagnoser.standard();
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoff = DEFAULT_BACKOFF;
    private StalePolicy stalePolicy;
    private StaleStore staleStore;
    private boolean keepOkHttpConnectionRetries;
    private boolean proxyStatus = true;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** The diagnoser, for example one with the user's signature rules. Default: standard. */
    public Builder diagnoser(Diagnoser value) {
      diagnoser = requireNonNull(value, "diagnoser");
      return this;
    }

    /**
     * The most attempts per call, the first included; 1 turns retries off. Default: {@value
     * #DEFAULT_MAX_ATTEMPTS}.
     */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts: " + value + " (expected: > 0)");
      }
      maxAttempts = value;
      return this;
    }

    /**
     * The delay before the first retry when the upstream gives no Retry-After, doubled before
     * each further retry. Default: 100 ms.
     */
    public Builder backoff(Duration value) {
      requireNonNull(value, "backoff");
      if (value.isNegative()) {
        throw new IllegalArgumentException("backoff: " + value + " (expected: >= 0)");
      }
      backoff = value;
      return this;
    }

    /**
     * Turns stale-if-error on with {@code policy}, which must be a private-cache policy ({@link
     * StalePolicy#privateCache()}): one client's copies, never shared. Default: off.
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
     * Where stale copies are kept. Default: a {@link CaffeineStaleStore} with its defaults,
     * created when stale-if-error is on.
     */
    public Builder staleStore(StaleStore store) {
      staleStore = requireNonNull(store, "store");
      return this;
    }

    /**
     * Whether {@link FailsoftOkHttp#install} leaves OkHttp's {@code retryOnConnectionFailure} as
     * it is. OkHttp's own retry may send a POST again after it reached the upstream; Failsoft
     * turns it off so that only its phase-aware retries run. Default: false (turned off).
     */
    public Builder keepOkHttpConnectionRetries(boolean value) {
      keepOkHttpConnectionRetries = value;
      return this;
    }

    /** Whether failure responses get a {@code Proxy-Status} field (RFC 9209). Default: true. */
    public Builder proxyStatus(boolean value) {
      proxyStatus = value;
      return this;
    }

    /** The clock that dates stored responses and judges their age. Default: system UTC. */
    public Builder clock(Clock value) {
      clock = requireNonNull(value, "clock");
      return this;
    }

    /** Test hook: the time source and the wait between attempts. */
    Builder sleeper(Sleeper value) {
      sleeper = requireNonNull(value, "sleeper");
      return this;
    }

    /** Returns the configuration. */
    public OkHttpConfig build() {
      if (staleStore != null && stalePolicy == null) {
        throw new IllegalStateException("staleStore was set but staleIfError was not; set both");
      }
      return new OkHttpConfig(this);
    }
  }
}
