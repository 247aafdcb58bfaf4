package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.internal.Checks;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * A circuit breaker for one key (a host by default).
 *
 * <p>Opens when, over a count-based sliding window of the last {@code windowSize} counted calls
 * with at least {@code minimumCalls}, the failure rate reaches {@code failureRateThreshold}; or
 * after {@code consecutiveGatewayFailures} gateway failures in a row (Envoy's
 * consecutive_gateway_failure). Only upstream failures count ({@link Outcome}). It stays open for
 * {@code openDuration × 2^(trips-1)}, capped at {@code maxOpenDuration} and jittered by up to −20%,
 * then admits {@code halfOpenProbes} probes; all succeed → closed (trips reset), any fails → open
 * again, longer.
 *
 * <p>A Retry-After can {@linkplain #holdFor hold the key back}: every permission check fails fast
 * until then, without changing state.
 *
 * <p>The settings are an immutable {@link Config}; the time source ({@link Ticker}) and the
 * listener come from whoever owns the breaker (a {@link Builder}, or {@link
 * HostRegistry#breakers}). {@link #none()} is the breaker that never refuses, for callers without
 * one.
 *
 * <p>Thread-safe and lock-free: state is an immutable snapshot swapped by CAS, the window a ring of
 * atomics. Defaults: window {@value #DEFAULT_WINDOW_SIZE}, minimumCalls {@value
 * #DEFAULT_MINIMUM_CALLS}, failureRateThreshold {@value #DEFAULT_FAILURE_RATE_THRESHOLD},
 * consecutiveGatewayFailures {@value #DEFAULT_CONSECUTIVE_GATEWAY_FAILURES}, openDuration {@value
 * #DEFAULT_OPEN_DURATION_SECONDS} s, maxOpenDuration {@value #DEFAULT_MAX_OPEN_DURATION_SECONDS} s
 * (2 min), halfOpenProbes {@value #DEFAULT_HALF_OPEN_PROBES}.
 */
public final class CircuitBreaker {

  /** The default number of calls remembered by the sliding window: {@value}. */
  public static final int DEFAULT_WINDOW_SIZE = 20;

  /** The default number of calls in the window before the failure rate can trip: {@value}. */
  public static final int DEFAULT_MINIMUM_CALLS = 10;

  /** The default failure fraction that trips the breaker: {@value}. */
  public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;

  /** The default number of gateway failures in a row that trip the breaker: {@value}. */
  public static final int DEFAULT_CONSECUTIVE_GATEWAY_FAILURES = 5;

  /** The default first open duration, in seconds: {@value}. */
  public static final long DEFAULT_OPEN_DURATION_SECONDS = 5;

  /** The default cap on how long the breaker stays open, in seconds: {@value} (2 minutes). */
  public static final long DEFAULT_MAX_OPEN_DURATION_SECONDS = 120;

  /** The default number of probes admitted in HALF_OPEN: {@value}. */
  public static final int DEFAULT_HALF_OPEN_PROBES = 3;

  private static final DoubleSupplier THREAD_LOCAL_RANDOM =
      () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();

  private static final CircuitBreaker NONE =
      new CircuitBreaker("none", Config.defaults(), Ticker.system(), FailsoftListener.NONE, true);

  private static final int EMPTY = 0;
  private static final int OK = 1;
  private static final int BAD = 2;

  /**
   * Longs of padding either side of the cursor, the one value every counted call writes: 128 bytes,
   * two cache lines, since x86 prefetches lines in pairs. Without it the cursor's line also holds
   * the counters and state that every thread reads, and each write evicts them from the other
   * cores.
   */
  private static final int PAD = 16;

  private record Snapshot(
      CircuitState state, long openUntil, int trips, int probesIssued, int probesSucceeded) {}

  private final String key;
  private final Config config;
  private final Ticker ticker;
  private final FailsoftListener listener;
  private final boolean none;
  private final AtomicReference<Snapshot> snapshot;
  private final AtomicIntegerArray ring;

  /** The cursor, at index {@link #PAD}: the next call's position in the window. */
  private final AtomicLongArray cursor = new AtomicLongArray(2 * PAD + 1);

  private final AtomicInteger counted = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger consecutiveGateway = new AtomicInteger();
  private final AtomicLong holdUntil = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean held;

  private CircuitBreaker(
      String key, Config config, Ticker ticker, FailsoftListener listener, boolean none) {
    this.key = key;
    this.config = config;
    this.ticker = ticker;
    this.listener = listener;
    this.none = none;
    this.ring = new AtomicIntegerArray(none ? 1 : config.windowSize());
    this.snapshot = new AtomicReference<>(new Snapshot(CircuitState.CLOSED, 0, 0, 0, 0));
  }

  /**
   * Returns a new, CLOSED breaker for {@code key}.
   *
   * @param key what the breaker guards, typically a host
   * @param config the settings
   * @param ticker the time source for open durations and holds
   * @param listener told of state changes; {@linkplain FailsoftListener#guarded guarded} here
   * @return a thread-safe breaker
   * @throws NullPointerException if an argument is null
   */
  public static CircuitBreaker of(
      String key, Config config, Ticker ticker, FailsoftListener listener) {
    return new CircuitBreaker(
        requireNonNull(key, "key"),
        requireNonNull(config, "config"),
        requireNonNull(ticker, "ticker"),
        FailsoftListener.guarded(requireNonNull(listener, "listener")),
        false);
  }

  /**
   * Returns the breaker that never refuses: it is always CLOSED, counts nothing, ignores {@link
   * #forceOpen} and {@link #holdFor}; its key is {@code "none"}. For callers with no breaker.
   *
   * @return the shared no-op breaker
   */
  public static CircuitBreaker none() {
    return NONE;
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns this breaker's settings.
   *
   * @return the configuration it was built with
   */
  public Config config() {
    return config;
  }

  /** The current snapshot: never null, set in the constructor and only replaced by CAS. */
  @SuppressWarnings("NullAway") // AtomicReference.get() is modelled as nullable.
  private Snapshot current() {
    return snapshot.get();
  }

  /**
   * Returns the key this breaker guards.
   *
   * @return the key given to {@link Builder#build(String)}
   */
  public String key() {
    return key;
  }

  /**
   * Returns the current state. OPEN is reported after the open duration has ended, until a
   * permission check moves it on to HALF_OPEN.
   *
   * @return the state
   */
  public CircuitState state() {
    return current().state();
  }

  /**
   * Returns whether a Retry-After hold is in force.
   *
   * @return true until the latest {@link #holdFor} delay has passed
   */
  public boolean isHeld() {
    return held && ticker.nanos() - holdUntil.get() < 0;
  }

  /**
   * Asks to make one call. In OPEN this fails fast until the open duration ends, then moves to
   * HALF_OPEN and admits up to {@code halfOpenProbes} probes.
   *
   * @return true when the call may go to the upstream; the caller must then {@link #record} it
   */
  public boolean tryAcquirePermission() {
    boolean wasHeld = held;
    long now = wasHeld ? ticker.nanos() : 0;
    if (wasHeld) {
      if (now - holdUntil.get() < 0) {
        return false;
      }
      held = false;
    }
    if (current().state() == CircuitState.CLOSED) {
      // CLOSED admits at any time, so the common case needs no clock read.
      return true;
    }
    if (!wasHeld) {
      now = ticker.nanos();
    }
    while (true) {
      Snapshot s = current();
      switch (s.state()) {
        case CLOSED:
          return true;
        case OPEN:
          if (now - s.openUntil() < 0) {
            return false;
          }
          Snapshot half = new Snapshot(CircuitState.HALF_OPEN, 0, s.trips(), 1, 0);
          if (transition(s, half)) {
            return true;
          }
          break;
        default:
          if (s.probesIssued() >= config.halfOpenProbes()) {
            return false;
          }
          Snapshot more =
              new Snapshot(
                  CircuitState.HALF_OPEN, 0, s.trips(), s.probesIssued() + 1, s.probesSucceeded());
          if (snapshot.compareAndSet(s, more)) {
            return true;
          }
      }
    }
  }

  /**
   * Records the outcome of a permitted call. {@link Outcome#IGNORED} is not counted, and nothing is
   * counted while OPEN.
   *
   * @param outcome how the call went
   * @throws NullPointerException if {@code outcome} is null
   */
  public void record(Outcome outcome) {
    requireNonNull(outcome, "outcome");
    if (outcome == Outcome.IGNORED || none) {
      return;
    }
    Snapshot s = current();
    if (s.state() == CircuitState.HALF_OPEN) {
      recordProbe(outcome.isFailure());
      return;
    }
    if (s.state() == CircuitState.OPEN) {
      return;
    }
    boolean failed = outcome.isFailure();
    if (!failed
        && failures.get() == 0
        && consecutiveGateway.get() == 0
        && counted.get() == ring.length()) {
      // A window full of successes is the same window after one more: every slot reads OK, so
      // which one the success would overwrite cannot matter later, and nothing can trip. Skipping
      // the cursor and the ring keeps a healthy breaker free of writes shared between threads.
      return;
    }
    int slot = (int) Math.floorMod(cursor.getAndIncrement(PAD), (long) ring.length());
    int value = failed ? BAD : OK;
    // Writing what a slot already holds changes nothing; reading it stands for the exchange.
    int old = ring.get(slot);
    if (old != value) {
      old = ring.getAndSet(slot, value);
    }
    if (old == EMPTY) {
      counted.incrementAndGet();
    }
    if (old != BAD && failed) {
      failures.incrementAndGet();
    } else if (old == BAD && !failed) {
      failures.decrementAndGet();
    }
    int consecutive = 0;
    if (outcome == Outcome.GATEWAY_FAILURE) {
      consecutive = consecutiveGateway.incrementAndGet();
    } else if (!failed && consecutiveGateway.get() != 0) {
      consecutiveGateway.set(0);
    }
    int total = counted.get();
    boolean rateTrip =
        total >= config.minimumCalls() && failures.get() >= config.failureRateThreshold() * total;
    if (rateTrip || consecutive >= config.consecutiveGatewayFailures()) {
      open(s);
    }
  }

  /**
   * Forces the breaker open now (for example after failed health checks), as a trip: the open
   * duration grows with the trip count. An OPEN breaker is left as it is.
   */
  public void forceOpen() {
    if (none) {
      return;
    }
    while (true) {
      Snapshot s = current();
      if (s.state() == CircuitState.OPEN || open(s)) {
        return;
      }
    }
  }

  /**
   * Tells the breaker an active health check passed: an OPEN breaker may be probed at once instead
   * of waiting out its open duration.
   */
  public void onHealthyProbe() {
    Snapshot s = current();
    if (s.state() == CircuitState.OPEN) {
      snapshot.compareAndSet(s, new Snapshot(CircuitState.OPEN, ticker.nanos(), s.trips(), 0, 0));
    }
  }

  /**
   * Holds every call to this key back until {@code delay} from now (a Retry-After on 503/429); a
   * shorter hold never cuts a longer one.
   *
   * @param delay how long to hold; zero or negative holds nothing new
   * @throws NullPointerException if {@code delay} is null
   */
  public void holdFor(Duration delay) {
    requireNonNull(delay, "delay");
    if (none) {
      return;
    }
    long until = ticker.nanos() + Math.max(0, Math.min(delay.toNanos(), 1L << 62));
    holdUntil.accumulateAndGet(until, (a, b) -> a == Long.MIN_VALUE || b - a > 0 ? b : a);
    held = true;
  }

  private void recordProbe(boolean failed) {
    while (true) {
      Snapshot s = current();
      if (s.state() != CircuitState.HALF_OPEN) {
        return;
      }
      if (failed) {
        if (open(s)) {
          return;
        }
        continue;
      }
      int ok = s.probesSucceeded() + 1;
      if (ok >= config.halfOpenProbes()) {
        if (transition(s, new Snapshot(CircuitState.CLOSED, 0, 0, 0, 0))) {
          resetWindow();
          return;
        }
      } else if (snapshot.compareAndSet(
          s, new Snapshot(CircuitState.HALF_OPEN, 0, s.trips(), s.probesIssued(), ok))) {
        return;
      }
    }
  }

  private boolean open(Snapshot from) {
    int trips = from.trips() + 1;
    long base = config.openDuration().toNanos();
    long cap = config.maxOpenDuration().toNanos();
    long grown = trips >= 31 ? cap : Math.min(cap, base << Math.min(30, trips - 1));
    if (grown < 0) {
      grown = cap;
    }
    // Jitter down by up to 20% so breakers tripped together do not all probe together.
    double u = Math.min(1, Math.max(0, config.random().getAsDouble()));
    long duration = grown - (long) (grown * 0.2 * u);
    Snapshot open = new Snapshot(CircuitState.OPEN, ticker.nanos() + duration, trips, 0, 0);
    return transition(from, open);
  }

  private boolean transition(Snapshot from, Snapshot to) {
    if (!snapshot.compareAndSet(from, to)) {
      return false;
    }
    if (from.state() != to.state()) {
      listener.onCircuitStateChange(key, from.state(), to.state());
    }
    return true;
  }

  private void resetWindow() {
    for (int i = 0; i < ring.length(); i++) {
      ring.set(i, EMPTY);
    }
    counted.set(0);
    failures.set(0);
    consecutiveGateway.set(0);
  }

  /**
   * How a breaker trips and recovers: immutable and thread-safe, so one configuration serves any
   * number of breakers (a {@link HostRegistry} makes one per host from it). Built by {@link
   * Builder#config()}, or directly; the canonical constructor validates every component.
   *
   * @param windowSize the calls remembered by the sliding window, 1 to 10000
   * @param minimumCalls the calls needed in the window before the rate can trip, 1 to 10000
   * @param failureRateThreshold the failure fraction that trips the breaker, in (0, 1]
   * @param consecutiveGatewayFailures the gateway failures in a row that trip it, 1 to 10000
   * @param openDuration the first open duration, positive; doubles per repeated trip
   * @param maxOpenDuration the cap on the open duration, at least {@code openDuration}
   * @param halfOpenProbes the probes admitted, and successes needed to close, in HALF_OPEN, 1 to
   *     1000
   * @param random the uniform [0, 1) source for the open-duration jitter, thread-safe; values
   *     outside [0, 1] are clamped
   */
  public record Config(
      int windowSize,
      int minimumCalls,
      double failureRateThreshold,
      int consecutiveGatewayFailures,
      Duration openDuration,
      Duration maxOpenDuration,
      int halfOpenProbes,
      DoubleSupplier random) {

    /**
     * Validates the components.
     *
     * @param windowSize the calls remembered by the sliding window, 1 to 10000
     * @param minimumCalls the calls needed in the window before the rate can trip, 1 to 10000
     * @param failureRateThreshold the failure fraction that trips the breaker, in (0, 1]
     * @param consecutiveGatewayFailures the gateway failures in a row that trip it, 1 to 10000
     * @param openDuration the first open duration, positive
     * @param maxOpenDuration the cap on the open duration, at least {@code openDuration}
     * @param halfOpenProbes the probes admitted in HALF_OPEN, 1 to 1000
     * @param random the jitter source
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a component is out of range, or {@code maxOpenDuration}
     *     is below {@code openDuration}
     */
    public Config {
      Checks.range("windowSize", windowSize, 1, 10_000);
      Checks.range("minimumCalls", minimumCalls, 1, 10_000);
      checkRate(failureRateThreshold);
      Checks.range("consecutiveGatewayFailures", consecutiveGatewayFailures, 1, 10_000);
      Checks.positive("openDuration", openDuration);
      Checks.positive("maxOpenDuration", maxOpenDuration);
      Checks.range("halfOpenProbes", halfOpenProbes, 1, 1000);
      requireNonNull(random, "random");
      if (maxOpenDuration.compareTo(openDuration) < 0) {
        throw new IllegalArgumentException(
            "maxOpenDuration: "
                + maxOpenDuration
                + " (expected: >= openDuration "
                + openDuration
                + ")");
      }
    }

    /**
     * Returns the configuration with every default (see {@link CircuitBreaker}).
     *
     * @return the default configuration
     */
    public static Config defaults() {
      return new Config(
          DEFAULT_WINDOW_SIZE,
          DEFAULT_MINIMUM_CALLS,
          DEFAULT_FAILURE_RATE_THRESHOLD,
          DEFAULT_CONSECUTIVE_GATEWAY_FAILURES,
          Duration.ofSeconds(DEFAULT_OPEN_DURATION_SECONDS),
          Duration.ofSeconds(DEFAULT_MAX_OPEN_DURATION_SECONDS),
          DEFAULT_HALF_OPEN_PROBES,
          THREAD_LOCAL_RANDOM);
    }
  }

  private static double checkRate(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "failureRateThreshold: " + rate + " (expected: > 0 and <= 1)");
    }
    return rate;
  }

  /** Builds a {@link Config}, or breakers with it; not thread-safe, reusable for many keys. */
  public static final class Builder {
    private int windowSize = DEFAULT_WINDOW_SIZE;
    private int minimumCalls = DEFAULT_MINIMUM_CALLS;
    private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private int consecutiveGatewayFailures = DEFAULT_CONSECUTIVE_GATEWAY_FAILURES;
    private Duration openDuration = Duration.ofSeconds(DEFAULT_OPEN_DURATION_SECONDS);
    private Duration maxOpenDuration = Duration.ofSeconds(DEFAULT_MAX_OPEN_DURATION_SECONDS);
    private int halfOpenProbes = DEFAULT_HALF_OPEN_PROBES;
    private Ticker ticker = Ticker.system();
    private DoubleSupplier random = THREAD_LOCAL_RANDOM;
    private FailsoftListener listener = FailsoftListener.NONE;

    private Builder() {}

    /**
     * Sets the calls remembered by the sliding window. Default: {@value #DEFAULT_WINDOW_SIZE}.
     *
     * @param size 1 to 10000
     * @return this builder
     * @throws IllegalArgumentException if {@code size} is outside 1..10000
     */
    public Builder windowSize(int size) {
      this.windowSize = Checks.range("windowSize", size, 1, 10_000);
      return this;
    }

    /**
     * Sets the calls needed in the window before the rate can trip. Default: {@value
     * #DEFAULT_MINIMUM_CALLS}. A value above the window size means the rate never trips; only
     * consecutive gateway failures do.
     *
     * @param calls 1 to 10000
     * @return this builder
     * @throws IllegalArgumentException if {@code calls} is outside 1..10000
     */
    public Builder minimumCalls(int calls) {
      this.minimumCalls = Checks.range("minimumCalls", calls, 1, 10_000);
      return this;
    }

    /**
     * Sets the failure fraction that trips the breaker. Default: {@value
     * #DEFAULT_FAILURE_RATE_THRESHOLD}.
     *
     * @param rate more than 0, at most 1
     * @return this builder
     * @throws IllegalArgumentException if {@code rate} is not in (0, 1] or is NaN
     */
    public Builder failureRateThreshold(double rate) {
      this.failureRateThreshold = checkRate(rate);
      return this;
    }

    /**
     * Sets the gateway failures in a row that trip the breaker. Default: {@value
     * #DEFAULT_CONSECUTIVE_GATEWAY_FAILURES}.
     *
     * @param n 1 to 10000
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is outside 1..10000
     */
    public Builder consecutiveGatewayFailures(int n) {
      this.consecutiveGatewayFailures = Checks.range("consecutiveGatewayFailures", n, 1, 10_000);
      return this;
    }

    /**
     * Sets the first open duration, which doubles per repeated trip. Default: {@value
     * #DEFAULT_OPEN_DURATION_SECONDS} s.
     *
     * @param d the duration, positive
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder openDuration(Duration d) {
      this.openDuration = Checks.positive("openDuration", d);
      return this;
    }

    /**
     * Sets the cap on the open duration. Default: {@value #DEFAULT_MAX_OPEN_DURATION_SECONDS} s (2
     * min).
     *
     * @param d the cap, positive; {@link #config()} rejects one below the open duration
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder maxOpenDuration(Duration d) {
      this.maxOpenDuration = Checks.positive("maxOpenDuration", d);
      return this;
    }

    /**
     * Sets the probes admitted, and the successes needed to close, in HALF_OPEN. Default: {@value
     * #DEFAULT_HALF_OPEN_PROBES}.
     *
     * @param n 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is outside 1..1000
     */
    public Builder halfOpenProbes(int n) {
      this.halfOpenProbes = Checks.range("halfOpenProbes", n, 1, 1000);
      return this;
    }

    /**
     * Sets the time source of the breakers {@link #build(String)} returns. Default: {@link
     * Ticker#system()}. Not part of the {@link #config()}: a registry or adapter supplies its own.
     *
     * @param ticker the ticker
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the uniform [0, 1) source for the open-duration jitter. Default: {@link
     * java.util.concurrent.ThreadLocalRandom}.
     *
     * @param random the source, thread-safe; values outside [0, 1] are clamped
     * @return this builder
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(DoubleSupplier random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the listener for state changes of the breakers {@link #build(String)} returns; it is
     * {@linkplain FailsoftListener#guarded guarded}, so its exceptions are logged and ignored.
     * Default: {@link FailsoftListener#NONE}. Not part of the {@link #config()}: a registry or
     * adapter supplies its own.
     *
     * @param listener the listener, called on the thread that caused the change
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(FailsoftListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Returns the immutable configuration of the settings made so far (without the ticker and
     * listener, which belong to whoever makes the breakers).
     *
     * @return the configuration
     * @throws IllegalArgumentException if the maximum open duration is below the open duration
     */
    public Config config() {
      return new Config(
          windowSize,
          minimumCalls,
          failureRateThreshold,
          consecutiveGatewayFailures,
          openDuration,
          maxOpenDuration,
          halfOpenProbes,
          random);
    }

    /**
     * Returns a new, CLOSED breaker for {@code key} with the settings made so far, this builder's
     * ticker and listener.
     *
     * @param key what the breaker guards, typically a host
     * @return a thread-safe breaker
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if the maximum open duration is below the open duration
     */
    public CircuitBreaker build(String key) {
      requireNonNull(key, "key");
      return of(key, config(), ticker, listener);
    }
  }
}
