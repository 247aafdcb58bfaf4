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
 * <p>Thread-safe and lock-free: state is an immutable snapshot swapped by CAS, the window a ring of
 * atomics. Defaults: window 20, minimumCalls 10, failureRateThreshold 0.5,
 * consecutiveGatewayFailures 5, openDuration 5 s, maxOpenDuration 2 min, halfOpenProbes 3.
 */
public final class CircuitBreaker {

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
  private final Builder config;
  private final AtomicReference<Snapshot> snapshot;
  private final AtomicIntegerArray ring;

  /** The cursor, at index {@link #PAD}: the next call's position in the window. */
  private final AtomicLongArray cursor = new AtomicLongArray(2 * PAD + 1);

  private final AtomicInteger counted = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger consecutiveGateway = new AtomicInteger();
  private final AtomicLong holdUntil = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean held;

  private CircuitBreaker(String key, Builder config) {
    this.key = key;
    this.config = config.copy();
    this.ring = new AtomicIntegerArray(config.windowSize);
    this.snapshot = new AtomicReference<>(new Snapshot(CircuitState.CLOSED, 0, 0, 0, 0));
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
    return snapshot.get().state();
  }

  /**
   * Returns whether a Retry-After hold is in force.
   *
   * @return true until the latest {@link #holdFor} delay has passed
   */
  public boolean isHeld() {
    return held && config.ticker.nanos() - holdUntil.get() < 0;
  }

  /**
   * Asks to make one call. In OPEN this fails fast until the open duration ends, then moves to
   * HALF_OPEN and admits up to {@code halfOpenProbes} probes.
   *
   * @return true when the call may go to the upstream; the caller must then {@link #record} it
   */
  public boolean tryAcquirePermission() {
    boolean wasHeld = held;
    long now = wasHeld ? config.ticker.nanos() : 0;
    if (wasHeld) {
      if (now - holdUntil.get() < 0) {
        return false;
      }
      held = false;
    }
    if (snapshot.get().state() == CircuitState.CLOSED) {
      // CLOSED admits at any time, so the common case needs no clock read.
      return true;
    }
    if (!wasHeld) {
      now = config.ticker.nanos();
    }
    while (true) {
      Snapshot s = snapshot.get();
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
          if (s.probesIssued() >= config.halfOpenProbes) {
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
    if (outcome == Outcome.IGNORED) {
      return;
    }
    Snapshot s = snapshot.get();
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
        total >= config.minimumCalls && failures.get() >= config.failureRateThreshold * total;
    if (rateTrip || consecutive >= config.consecutiveGatewayFailures) {
      open(s);
    }
  }

  /**
   * Forces the breaker open now (for example after failed health checks), as a trip: the open
   * duration grows with the trip count. An OPEN breaker is left as it is.
   */
  public void forceOpen() {
    while (true) {
      Snapshot s = snapshot.get();
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
    Snapshot s = snapshot.get();
    if (s.state() == CircuitState.OPEN) {
      snapshot.compareAndSet(
          s, new Snapshot(CircuitState.OPEN, config.ticker.nanos(), s.trips(), 0, 0));
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
    long until = config.ticker.nanos() + Math.max(0, Math.min(delay.toNanos(), 1L << 62));
    holdUntil.accumulateAndGet(until, (a, b) -> a == Long.MIN_VALUE || b - a > 0 ? b : a);
    held = true;
  }

  private void recordProbe(boolean failed) {
    while (true) {
      Snapshot s = snapshot.get();
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
      if (ok >= config.halfOpenProbes) {
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
    long base = config.openDuration.toNanos();
    long cap = config.maxOpenDuration.toNanos();
    long grown = trips >= 31 ? cap : Math.min(cap, base << Math.min(30, trips - 1));
    if (grown < 0) {
      grown = cap;
    }
    // Jitter down by up to 20% so breakers tripped together do not all probe together.
    double u = Math.min(1, Math.max(0, config.random.getAsDouble()));
    long duration = grown - (long) (grown * 0.2 * u);
    Snapshot open = new Snapshot(CircuitState.OPEN, config.ticker.nanos() + duration, trips, 0, 0);
    return transition(from, open);
  }

  private boolean transition(Snapshot from, Snapshot to) {
    if (!snapshot.compareAndSet(from, to)) {
      return false;
    }
    if (from.state() != to.state()) {
      config.listener.onCircuitStateChange(key, from.state(), to.state());
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

  /** The default cap on how long the breaker stays open: 2 minutes. */
  public static final Duration DEFAULT_MAX_OPEN_DURATION = Duration.ofMinutes(2);

  /** Builds {@link CircuitBreaker}s; not thread-safe, reusable for many keys. */
  public static final class Builder {
    private int windowSize = 20;
    private int minimumCalls = 10;
    private double failureRateThreshold = 0.5;
    private int consecutiveGatewayFailures = 5;
    private Duration openDuration = Duration.ofSeconds(5);
    private Duration maxOpenDuration = DEFAULT_MAX_OPEN_DURATION;
    private int halfOpenProbes = 3;
    private Ticker ticker = Ticker.system();
    private DoubleSupplier random =
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    private FailsoftListener listener = FailsoftListener.NONE;

    private Builder() {}

    /**
     * Returns a new builder with this one's settings; changing either afterwards does not affect
     * the other. Adapters copy the builder they are given, so one builder can serve many.
     *
     * @return an independent copy
     */
    public Builder copy() {
      Builder b = new Builder();
      b.windowSize = windowSize;
      b.minimumCalls = minimumCalls;
      b.failureRateThreshold = failureRateThreshold;
      b.consecutiveGatewayFailures = consecutiveGatewayFailures;
      b.openDuration = openDuration;
      b.maxOpenDuration = maxOpenDuration;
      b.halfOpenProbes = halfOpenProbes;
      b.ticker = ticker;
      b.random = random;
      b.listener = listener;
      return b;
    }

    /**
     * Sets the calls remembered by the sliding window. Default: 20.
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
     * Sets the calls needed in the window before the rate can trip. Default: 10. A value above the
     * window size means the rate never trips; only consecutive gateway failures do.
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
     * Sets the failure fraction that trips the breaker. Default: 0.5.
     *
     * @param rate more than 0, at most 1
     * @return this builder
     * @throws IllegalArgumentException if {@code rate} is not in (0, 1] or is NaN
     */
    public Builder failureRateThreshold(double rate) {
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException(
            "failureRateThreshold: " + rate + " (expected: > 0 and <= 1)");
      }
      this.failureRateThreshold = rate;
      return this;
    }

    /**
     * Sets the gateway failures in a row that trip the breaker. Default: 5.
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
     * Sets the first open duration, which doubles per repeated trip. Default: 5 s.
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
     * Sets the cap on the open duration. Default: 2 min.
     *
     * @param d the cap, positive; {@link #build} rejects one below the open duration
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder maxOpenDuration(Duration d) {
      this.maxOpenDuration = Checks.positive("maxOpenDuration", d);
      return this;
    }

    /**
     * Sets the probes admitted, and the successes needed to close, in HALF_OPEN. Default: 3.
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
     * Sets the time source. Default: {@link Ticker#system()}.
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
     * Sets the listener for state changes; it is {@linkplain FailsoftListener#guarded guarded}, so
     * its exceptions are logged and ignored. Default: {@link FailsoftListener#NONE}.
     *
     * @param listener the listener, called on the thread that caused the change
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(FailsoftListener listener) {
      this.listener = FailsoftListener.guarded(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Returns a new, CLOSED breaker for {@code key} with a copy of the settings made so far.
     *
     * @param key what the breaker guards, typically a host
     * @return a thread-safe breaker
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if the maximum open duration is below the open duration
     */
    public CircuitBreaker build(String key) {
      if (maxOpenDuration.compareTo(openDuration) < 0) {
        throw new IllegalArgumentException(
            "maxOpenDuration: "
                + maxOpenDuration
                + " (expected: >= openDuration "
                + openDuration
                + ")");
      }
      return new CircuitBreaker(requireNonNull(key, "key"), this);
    }
  }
}
