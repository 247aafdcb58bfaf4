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
 * host. Defaults: ratio 0.2, minRetriesPerSecond 1, window 10 s.
 */
public final class RetryBudget {

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
  // Each slot: epoch (low 20 bits) | requests (22 bits) | retries (22 bits).
  private final AtomicLongArray buckets;

  private RetryBudget(Builder b) {
    this.ratio = b.ratio;
    this.minRetriesPerSecond = b.minRetriesPerSecond;
    this.windowSeconds = (int) b.window.toSeconds();
    this.ticker = b.ticker;
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
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Records one client request (a first attempt, never a retry). */
  public void recordRequest() {
    addRequest();
  }

  /**
   * Takes one retry from the budget when it allows one.
   *
   * @return true when the retry may go ahead (and was counted); false when the budget is spent
   *     (nothing is counted)
   */
  public boolean tryAcquireRetry() {
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

  /** Builds a {@link RetryBudget}; not thread-safe. */
  public static final class Builder {
    private double ratio = 0.2;
    private double minRetriesPerSecond = 1;
    private Duration window = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * Returns a new builder with this one's settings; changing either afterwards does not affect
     * the other. Adapters copy the builder they are given, so one builder can serve many.
     *
     * @return an independent copy
     */
    public Builder copy() {
      Builder b = new Builder();
      b.ratio = ratio;
      b.minRetriesPerSecond = minRetriesPerSecond;
      b.window = window;
      b.ticker = ticker;
      return b;
    }

    /**
     * Sets the retries allowed per client request. Default: 0.2.
     *
     * @param ratio 0 to 10
     * @return this builder
     * @throws IllegalArgumentException if {@code ratio} is outside 0..10 or NaN
     */
    public Builder ratio(double ratio) {
      if (!(ratio >= 0 && ratio <= 10)) {
        throw new IllegalArgumentException("ratio: " + ratio + " (expected: 0..10)");
      }
      this.ratio = ratio;
      return this;
    }

    /**
     * Sets the retries per second always allowed, however quiet the client. Default: 1.
     *
     * @param perSecond 0 to 1000, averaged over the window
     * @return this builder
     * @throws IllegalArgumentException if {@code perSecond} is outside 0..1000 or NaN
     */
    public Builder minRetriesPerSecond(double perSecond) {
      if (!(perSecond >= 0 && perSecond <= 1000)) {
        throw new IllegalArgumentException(
            "minRetriesPerSecond: " + perSecond + " (expected: 0..1000)");
      }
      this.minRetriesPerSecond = perSecond;
      return this;
    }

    /**
     * Sets how long requests and retries are remembered. Default: 10 s.
     *
     * @param window 1 s to 1 h; a fraction of a second is dropped
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code window} is under 1 s or over 1 h
     */
    public Builder window(Duration window) {
      requireNonNull(window, "window");
      if (window.toSeconds() < 1 || window.toSeconds() > 3600) {
        throw new IllegalArgumentException("window: " + window + " (expected: 1 s..1 h)");
      }
      this.window = window;
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
     * Returns a new, empty budget; its window starts at the ticker's current time.
     *
     * @return a thread-safe budget
     */
    public RetryBudget build() {
      return new RetryBudget(this);
    }
  }
}
