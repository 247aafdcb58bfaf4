package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsoft.policy.internal.Checks;
import java.time.Duration;
import java.util.function.Function;

/**
 * One value per key (a breaker or budget per host) in bounded memory: keys idle longer than {@code
 * idleExpiry} are dropped, and at most {@code maximumKeys} are kept. Thread-safe; a key is created
 * once even under contention.
 *
 * @param <T> the per-key value
 */
public final class HostRegistry<T> {

  private final Cache<String, T> cache;
  private final Function<String, T> factory;

  private HostRegistry(Function<String, T> factory, Duration idleExpiry, long maximumKeys) {
    this.factory = requireNonNull(factory, "factory");
    this.cache =
        Caffeine.newBuilder()
            .expireAfterAccess(Checks.positive("idleExpiry", idleExpiry))
            .maximumSize(maximumKeys)
            .build();
  }

  /**
   * Returns a registry creating values with {@code factory}.
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
    if (maximumKeys < 1 || maximumKeys > 10_000_000) {
      throw new IllegalArgumentException(
          "maximumKeys: " + maximumKeys + " (expected: 1..10000000)");
    }
    return new HostRegistry<>(factory, idleExpiry, maximumKeys);
  }

  /**
   * Returns a breaker registry: idle keys expire after 10 min, at most 10,000 keys.
   *
   * @param builder builds each key's breaker when the key is first used; it is not copied, so do
   *     not change it afterwards
   * @return the registry
   * @throws NullPointerException if {@code builder} is null
   */
  public static HostRegistry<CircuitBreaker> breakers(CircuitBreaker.Builder builder) {
    requireNonNull(builder, "builder");
    return of(builder::build, Duration.ofMinutes(10), 10_000);
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
