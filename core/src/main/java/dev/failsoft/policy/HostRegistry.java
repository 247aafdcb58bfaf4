package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.policy.internal.Checks;
import java.time.Duration;
import java.util.function.Function;

/**
 * One value per key (a breaker or budget per host) in bounded memory: keys idle longer than {@code
 * idleExpiry} are dropped, and at most {@code maximumKeys} are kept. Idleness is measured with the
 * registry's {@link Ticker}, the same one its breakers or budgets use. Thread-safe; a key is
 * created once even under contention.
 *
 * @param <T> the per-key value
 */
public final class HostRegistry<T> {

  /** How long the breaker and budget registries keep an unused key, in minutes: {@value}. */
  public static final long DEFAULT_IDLE_EXPIRY_MINUTES = 10;

  /** The most keys the breaker and budget registries keep: {@value}. */
  public static final long DEFAULT_MAXIMUM_KEYS = 10_000;

  private final Cache<String, T> cache;
  private final Function<String, T> factory;

  private HostRegistry(
      Function<String, T> factory, Duration idleExpiry, long maximumKeys, Ticker ticker) {
    this.factory = requireNonNull(factory, "factory");
    requireNonNull(ticker, "ticker");
    this.cache =
        Caffeine.newBuilder()
            .expireAfterAccess(Checks.positive("idleExpiry", idleExpiry))
            .maximumSize(maximumKeys)
            .ticker(ticker::nanos)
            .build();
  }

  /**
   * Returns a registry creating values with {@code factory}, measuring idleness with {@link
   * Ticker#system()}.
   *
   * @param <T> the per-key value
   * @param factory makes the value for a new key; called at most once per key while it is held, and
   *     must not return null
   * @param idleExpiry how long an unused key is kept (> 0)
   * @param maximumKeys the most keys kept, 1..10,000,000
   * @return the registry
   * @throws NullPointerException if {@code factory} or {@code idleExpiry} is null
   * @throws IllegalArgumentException if {@code idleExpiry} is not positive or {@code maximumKeys}
   *     is out of range
   */
  public static <T> HostRegistry<T> of(
      Function<String, T> factory, Duration idleExpiry, long maximumKeys) {
    return of(factory, idleExpiry, maximumKeys, Ticker.system());
  }

  /**
   * Returns a registry creating values with {@code factory}.
   *
   * @param <T> the per-key value
   * @param factory makes the value for a new key; called at most once per key while it is held, and
   *     must not return null
   * @param idleExpiry how long an unused key is kept (> 0)
   * @param maximumKeys the most keys kept, 1..10,000,000
   * @param ticker the time source idleness is measured with
   * @return the registry
   * @throws NullPointerException if {@code factory}, {@code idleExpiry} or {@code ticker} is null
   * @throws IllegalArgumentException if {@code idleExpiry} is not positive or {@code maximumKeys}
   *     is out of range
   */
  public static <T> HostRegistry<T> of(
      Function<String, T> factory, Duration idleExpiry, long maximumKeys, Ticker ticker) {
    if (maximumKeys < 1 || maximumKeys > 10_000_000) {
      throw new IllegalArgumentException(
          "maximumKeys: " + maximumKeys + " (expected: 1..10000000)");
    }
    return new HostRegistry<>(factory, idleExpiry, maximumKeys, ticker);
  }

  /**
   * Returns a breaker registry: one breaker per key, made from {@code config} when the key is first
   * used; idle keys expire after {@value #DEFAULT_IDLE_EXPIRY_MINUTES} min, at most {@value
   * #DEFAULT_MAXIMUM_KEYS} keys.
   *
   * @param config every breaker's settings
   * @param ticker the time source of the breakers and of the registry's idle expiry
   * @param listener told of every breaker's state changes
   * @return the registry
   * @throws NullPointerException if an argument is null
   */
  public static HostRegistry<CircuitBreaker> breakers(
      CircuitBreaker.Config config, Ticker ticker, FailsoftListener listener) {
    requireNonNull(config, "config");
    requireNonNull(ticker, "ticker");
    FailsoftListener guarded = FailsoftListener.guarded(requireNonNull(listener, "listener"));
    return of(
        key -> CircuitBreaker.of(key, config, ticker, guarded),
        Duration.ofMinutes(DEFAULT_IDLE_EXPIRY_MINUTES),
        DEFAULT_MAXIMUM_KEYS,
        ticker);
  }

  /**
   * Returns a retry-budget registry: one budget per key, made from {@code config} when the key is
   * first used; idle keys expire after {@value #DEFAULT_IDLE_EXPIRY_MINUTES} min, at most {@value
   * #DEFAULT_MAXIMUM_KEYS} keys.
   *
   * @param config every budget's settings
   * @param ticker the time source of the budgets and of the registry's idle expiry
   * @return the registry
   * @throws NullPointerException if an argument is null
   */
  public static HostRegistry<RetryBudget> budgets(RetryBudget.Config config, Ticker ticker) {
    requireNonNull(config, "config");
    requireNonNull(ticker, "ticker");
    return of(
        key -> RetryBudget.of(config, ticker),
        Duration.ofMinutes(DEFAULT_IDLE_EXPIRY_MINUTES),
        DEFAULT_MAXIMUM_KEYS,
        ticker);
  }

  /**
   * Returns the value for {@code key}, creating it on first use (or after it was dropped).
   *
   * @param key the key, typically a host
   * @return the value
   * @throws NullPointerException if {@code key} is null or the factory returned null
   */
  public T get(String key) {
    return cache.get(requireNonNull(key, "key"), factory);
  }

  /**
   * Returns the approximate number of keys held, after dropping expired ones.
   *
   * @return the key count
   */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
