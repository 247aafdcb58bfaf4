package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A per-host retry budget: retries may be at most {@code ratio} of the client requests seen in the
 * last {@code window}, or {@code minRetriesPerSecond × window} when that is larger, so quiet
 * clients can still retry (Envoy's retry budget: 20%, min 3; Finagle: 20% + 10/s over 10 s).
 *
 * <p>Because the floor is a maximum and not a sum, under load the upstream sees at most {@code (1 +
 * ratio)} attempts per client request: in a full outage a 3-attempt policy makes 1.2× instead of
 * 3×.
 *
 * <p>Thread-safe and lock-free: one second-wide bucket per second of the window, each one packed
 * into a single {@code long} updated by CAS. Counts saturate at about four million per second per
 * host. The settings are an immutable {@link Config}; the time source comes from whoever owns the
 * budget (a {@link Builder}, or {@link HostRegistry#budgets}). {@link #unlimited()} is the budget
 * that never refuses, for callers without one. Defaults: ratio {@value #DEFAULT_RATIO},
 * minRetriesPerSecond {@value #DEFAULT_MIN_RETRIES_PER_SECOND}, window {@value
 * #DEFAULT_WINDOW_SECONDS} s.
 */
public final class RetryBudget {

  /** The default retries allowed per client request: {@value}. */
  public static final double DEFAULT_RATIO = 0.2;

  /** The default retries per second always allowed, however quiet the client: {@value}. */
  public static final double DEFAULT_MIN_RETRIES_PER_SECOND = 1;

  /** The default time requests and retries are remembered, in seconds: {@value}. */
  public static final long DEFAULT_WINDOW_SECONDS = 10;

  private static final RetryBudget UNLIMITED = new RetryBudget();

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int EPOCH_BITS = 20;
  private static final int COUNT_BITS = 22;
  private static final long EPOCH_MASK = (1L << EPOCH_BITS) - 1;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

  private final double ratio;
  private final double minRetriesPerSecond;
  private final int windowSeconds;
  private final Ticker ticker;
  private final long origin;
  private final boolean unlimited;
  // Each slot: epoch (low 20 bits) | requests (22 bits) | retries (22 bits).
  private final AtomicLongArray buckets;

  private RetryBudget() {
    this.ratio = 0;
    this.minRetriesPerSecond = 0;
    this.windowSeconds = 1;
    this.ticker = Ticker.system();
    this.origin = 0;
    this.unlimited = true;
    this.buckets = new AtomicLongArray(1);
  }

  private RetryBudget(Config config, Ticker ticker) {
    this.ratio = config.ratio();
    this.minRetriesPerSecond = config.minRetriesPerSecond();
    this.windowSeconds = (int) config.window().toSeconds();
    this.ticker = ticker;
    this.unlimited = false;
    this.origin = ticker.nanos();
    this.buckets = new AtomicLongArray(windowSeconds);
    for (int i = 0; i < windowSeconds; i++) {
      // An epoch no real second will carry, so every bucket starts empty.
      buckets.set(i, EPOCH_MASK);
    }
  }

  /**
   * Returns a budget with the defaults.
   *
   * @return a new, empty budget
   */
  public static RetryBudget ofDefaults() {
    return builder().build();
  }

  /**
   * Returns a new, empty budget; its window starts at the ticker's current time.
   *
   * @param config the settings
   * @param ticker the time source
   * @return a thread-safe budget
   * @throws NullPointerException if an argument is null
   */
  public static RetryBudget of(Config config, Ticker ticker) {
    return new RetryBudget(requireNonNull(config, "config"), requireNonNull(ticker, "ticker"));
  }

  /**
   * Returns the budget that never refuses: it counts nothing, every retry is allowed and {@link
   * #remaining()} is {@link Long#MAX_VALUE}. For callers with no budget.
   *
   * @return the shared unlimited budget
   */
  public static RetryBudget unlimited() {
    return UNLIMITED;
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Records one client request (a first attempt, never a retry). */
  public void recordRequest() {
    if (unlimited) {
      return;
    }
    addRequest();
  }

  /**
   * Takes one retry from the budget when it allows one.
   *
   * @return true when the retry may go ahead (and was counted); false when the budget is spent
   *     (nothing is counted)
   */
  public boolean tryAcquireRetry() {
    if (unlimited) {
      return true;
    }
    long second = second();
    int idx = (int) (second % windowSeconds);
    long epoch = second & EPOCH_MASK;
    while (true) {
      long current = buckets.get(idx);
      if (allowance(second) < 1) {
        return false;
      }
      long base = (current & EPOCH_MASK) == epoch ? current : epoch;
      long next = increment(base, COUNT_BITS + COUNT_BITS);
      if (buckets.compareAndSet(idx, current, next)) {
        return true;
      }
    }
  }

  /**
   * Returns the retries still allowed right now.
   *
   * @return whole retries left in the window, 0 or more
   */
  public long remaining() {
    if (unlimited) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, (long) Math.floor(allowance(second())));
  }

  // Retries allowed minus retries taken over the live buckets.
  private double allowance(long second) {
    long requests = 0;
    long retries = 0;
    for (int i = 0; i < windowSeconds; i++) {
      long v = buckets.get(i);
      if (live(v, second)) {
        requests += (v >>> COUNT_BITS) & COUNT_MASK;
        retries += (v >>> (COUNT_BITS + COUNT_BITS)) & COUNT_MASK;
      }
    }
    return Math.max(ratio * requests, minRetriesPerSecond * windowSeconds) - retries;
  }

  private void addRequest() {
    long second = second();
    int idx = (int) (second % windowSeconds);
    long epoch = second & EPOCH_MASK;
    while (true) {
      long current = buckets.get(idx);
      long base = (current & EPOCH_MASK) == epoch ? current : epoch;
      if (buckets.compareAndSet(idx, current, increment(base, COUNT_BITS))) {
        return;
      }
    }
  }

  private static long increment(long packed, int shift) {
    long count = (packed >>> shift) & COUNT_MASK;
    return count == COUNT_MASK ? packed : packed + (1L << shift);
  }

  private boolean live(long packed, long second) {
    long epoch = packed & EPOCH_MASK;
    long age = ((second & EPOCH_MASK) - epoch) & EPOCH_MASK;
    return epoch != EPOCH_MASK && age < windowSeconds;
  }

  private long second() {
    return Math.max(0, ticker.nanos() - origin) / NANOS_PER_SECOND;
  }

  /**
   * How much a budget allows: immutable and thread-safe, so one configuration serves any number of
   * budgets (a {@link HostRegistry} makes one per host from it). Built by {@link Builder#config()},
   * or directly; the canonical constructor validates every component.
   *
   * @param ratio the retries allowed per client request, 0 to 10
   * @param minRetriesPerSecond the retries per second always allowed, 0 to 1000, averaged over the
   *     window
   * @param window how long requests and retries are remembered, 1 s to 1 h; a fraction of a second
   *     is dropped
   */
  public record Config(double ratio, double minRetriesPerSecond, Duration window) {

    /**
     * Validates the components.
     *
     * @param ratio the retries allowed per client request, 0 to 10
     * @param minRetriesPerSecond the retries per second always allowed, 0 to 1000
     * @param window how long requests and retries are remembered, 1 s to 1 h
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if a component is out of range or NaN
     */
    public Config {
      checkRatio(ratio);
      checkMinRetries(minRetriesPerSecond);
      checkWindow(window);
    }

    /**
     * Returns the configuration with every default (see {@link RetryBudget}).
     *
     * @return the default configuration
     */
    public static Config defaults() {
      return new Config(
          DEFAULT_RATIO,
          DEFAULT_MIN_RETRIES_PER_SECOND,
          Duration.ofSeconds(DEFAULT_WINDOW_SECONDS));
    }
  }

  private static double checkRatio(double ratio) {
    if (!(ratio >= 0 && ratio <= 10)) {
      throw new IllegalArgumentException("ratio: " + ratio + " (expected: 0..10)");
    }
    return ratio;
  }

  private static double checkMinRetries(double perSecond) {
    if (!(perSecond >= 0 && perSecond <= 1000)) {
      throw new IllegalArgumentException(
          "minRetriesPerSecond: " + perSecond + " (expected: 0..1000)");
    }
    return perSecond;
  }

  private static Duration checkWindow(Duration window) {
    requireNonNull(window, "window");
    if (window.toSeconds() < 1 || window.toSeconds() > 3600) {
      throw new IllegalArgumentException("window: " + window + " (expected: 1 s..1 h)");
    }
    return window;
  }

  /** Builds a {@link Config}, or a {@link RetryBudget} with it; not thread-safe. */
  public static final class Builder {
    private double ratio = DEFAULT_RATIO;
    private double minRetriesPerSecond = DEFAULT_MIN_RETRIES_PER_SECOND;
    private Duration window = Duration.ofSeconds(DEFAULT_WINDOW_SECONDS);
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * Sets the retries allowed per client request. Default: {@value #DEFAULT_RATIO}.
     *
     * @param ratio 0 to 10
     * @return this builder
     * @throws IllegalArgumentException if {@code ratio} is outside 0..10 or NaN
     */
    public Builder ratio(double ratio) {
      this.ratio = checkRatio(ratio);
      return this;
    }

    /**
     * Sets the retries per second always allowed, however quiet the client. Default: {@value
     * #DEFAULT_MIN_RETRIES_PER_SECOND}.
     *
     * @param perSecond 0 to 1000, averaged over the window
     * @return this builder
     * @throws IllegalArgumentException if {@code perSecond} is outside 0..1000 or NaN
     */
    public Builder minRetriesPerSecond(double perSecond) {
      this.minRetriesPerSecond = checkMinRetries(perSecond);
      return this;
    }

    /**
     * Sets how long requests and retries are remembered. Default: {@value #DEFAULT_WINDOW_SECONDS}
     * s.
     *
     * @param window 1 s to 1 h; a fraction of a second is dropped
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code window} is under 1 s or over 1 h
     */
    public Builder window(Duration window) {
      this.window = checkWindow(window);
      return this;
    }

    /**
     * Sets the time source of the budget {@link #build()} returns. Default: {@link
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
     * Returns the immutable configuration of the settings made so far (without the ticker).
     *
     * @return the configuration
     */
    public Config config() {
      return new Config(ratio, minRetriesPerSecond, window);
    }

    /**
     * Returns a new, empty budget with the settings made so far and this builder's ticker; its
     * window starts at the ticker's current time.
     *
     * @return a thread-safe budget
     */
    public RetryBudget build() {
      return of(config(), ticker);
    }
  }
}
