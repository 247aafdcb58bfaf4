package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.failsoft.cache.internal.Variants;
import dev.failsoft.http.RequestHead;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The default {@link StaleStore}: a Caffeine cache bounded by total bytes.
 *
 * <p>Each entry is weighed at body + headers + key + {@value StoredResponse#OVERHEAD_BYTES} bytes
 * ({@link StoredResponse#weight()}); an entry over the per-entry cap is not stored. Each entry is
 * kept for the retention it was put with (freshness lifetime + the largest allowed stale window,
 * from {@link StalePolicy#retention}), through Caffeine's {@link Expiry}. Caffeine's W-TinyLFU
 * admission keeps popular pages when a flood of one-off URLs (cache busting) arrives. All {@code
 * Vary} variants of a URL share one Caffeine entry, at most {@link Builder#maxVariantsPerUrl} of
 * them. Thread-safe; nothing is ever serialized.
 */
public final class CaffeineStaleStore implements StaleStore {

  /** Default total size, in bytes: {@value} (64 MiB). */
  public static final long DEFAULT_MAXIMUM_BYTES = 64L << 20;

  /** Default largest single entry, in bytes: {@value} (2 MiB). */
  public static final int DEFAULT_MAX_ENTRY_BYTES = 2 << 20;

  /** Default cap on Vary variants per URL: {@value}. */
  public static final int DEFAULT_MAX_VARIANTS_PER_URL = 8;

  private final Cache<CacheKey, Variants> cache;
  private final Ticker ticker;
  private final int maxEntryBytes;
  private final int maxVariants;

  private CaffeineStaleStore(Builder b) {
    ticker = b.ticker;
    maxEntryBytes = b.maxEntryBytes;
    maxVariants = b.maxVariants;
    cache =
        Caffeine.newBuilder()
            .maximumWeight(b.maximumBytes)
            .weigher((CacheKey key, Variants value) -> value.weight())
            .expireAfter(new Retention())
            .ticker(b.ticker)
            .executor(b.executor)
            .build();
  }

  /**
   * Returns a builder with the defaults above.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
    requireNonNull(key, "key");
    requireNonNull(request, "request");
    Variants variants = cache.getIfPresent(key);
    return variants == null ? Optional.empty() : variants.find(request, ticker.read());
  }

  @Override
  public boolean put(StoredResponse response, Duration retention) {
    requireNonNull(response, "response");
    requireNonNull(retention, "retention");
    if (response.status() >= 500
        || retention.isNegative()
        || retention.isZero()
        || response.weight() > maxEntryBytes) {
      return false;
    }
    long now = ticker.read();
    long nanos =
        retention.getSeconds() >= Long.MAX_VALUE / 2_000_000_000L
            ? Long.MAX_VALUE / 2
            : retention.toNanos();
    long deadline = now + nanos;
    cache
        .asMap()
        .compute(
            response.key(),
            (key, old) ->
                old == null
                    ? Variants.of(response, deadline)
                    : old.with(response, deadline, maxVariants, now));
    return true;
  }

  @Override
  public void remove(CacheKey key) {
    requireNonNull(key, "key");
    cache.invalidate(key);
  }

  /**
   * Returns the bytes currently held, as weighed; pending maintenance may lag.
   *
   * @return the weighed size in bytes
   */
  public long weightedBytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  /**
   * Returns the number of URLs held (variants of one URL count once).
   *
   * @return Caffeine's estimate of the entry count
   */
  public long urlCount() {
    return cache.estimatedSize();
  }

  /** Runs pending maintenance (eviction, expiry) now. */
  public void cleanUp() {
    cache.cleanUp();
  }

  private final class Retention implements Expiry<CacheKey, Variants> {
    @Override
    public long expireAfterCreate(CacheKey key, Variants value, long currentTime) {
      return Math.max(1, value.latestDeadline() - currentTime);
    }

    @Override
    public long expireAfterUpdate(
        CacheKey key, Variants value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        CacheKey key, Variants value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /**
   * Builds a {@link CaffeineStaleStore}. Defaults: {@value #DEFAULT_MAXIMUM_BYTES} bytes in all,
   * {@value #DEFAULT_MAX_ENTRY_BYTES} per entry, {@value #DEFAULT_MAX_VARIANTS_PER_URL} variants
   * per URL, {@link Ticker#systemTicker()}, and Caffeine's default executor. Not thread-safe.
   */
  public static final class Builder {
    private long maximumBytes = DEFAULT_MAXIMUM_BYTES;
    private int maxEntryBytes = DEFAULT_MAX_ENTRY_BYTES;
    private int maxVariants = DEFAULT_MAX_VARIANTS_PER_URL;
    private Ticker ticker = Ticker.systemTicker();
    private Executor executor = java.util.concurrent.ForkJoinPool.commonPool();

    private Builder() {}

    /**
     * Sets the total bytes held. Default: {@value #DEFAULT_MAXIMUM_BYTES}.
     *
     * @param bytes more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is 0 or less
     */
    public Builder maximumBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maximumBytes: " + bytes + " (expected: > 0)");
      }
      maximumBytes = bytes;
      return this;
    }

    /**
     * Sets the largest single entry, as weighed by {@link StoredResponse#weight()}. Default:
     * {@value #DEFAULT_MAX_ENTRY_BYTES}.
     *
     * @param bytes more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is 0 or less
     */
    public Builder maxEntryBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxEntryBytes: " + bytes + " (expected: > 0)");
      }
      maxEntryBytes = bytes;
      return this;
    }

    /**
     * Vary variants kept per URL; the oldest goes first. Default: {@value
     * #DEFAULT_MAX_VARIANTS_PER_URL}.
     *
     * @param count more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is 0 or less
     */
    public Builder maxVariantsPerUrl(int count) {
      if (count <= 0) {
        throw new IllegalArgumentException("maxVariantsPerUrl: " + count + " (expected: > 0)");
      }
      maxVariants = count;
      return this;
    }

    /**
     * Sets the time source for retention, Failsoft's one {@link dev.failsoft.policy.Ticker}
     * (adapted to Caffeine's inside). Default: {@link dev.failsoft.policy.Ticker#system()}.
     *
     * @param value the ticker (nanoseconds)
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder ticker(dev.failsoft.policy.Ticker value) {
      requireNonNull(value, "ticker");
      ticker = value::nanos;
      return this;
    }

    /**
     * Sets where maintenance runs; {@code Runnable::run} makes it deterministic in tests. Default:
     * {@link java.util.concurrent.ForkJoinPool#commonPool()}.
     *
     * @param value the executor
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder executor(Executor value) {
      executor = requireNonNull(value, "executor");
      return this;
    }

    /**
     * Returns a new, empty store.
     *
     * @return a thread-safe store
     */
    public CaffeineStaleStore build() {
      return new CaffeineStaleStore(this);
    }
  }
}
