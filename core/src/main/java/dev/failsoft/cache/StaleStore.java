package dev.failsoft.cache;

import dev.failsoft.http.RequestHead;
import java.time.Duration;
import java.util.Optional;

/**
 * Where stored responses live: the SPI a cache adapter uses, with {@link CaffeineStaleStore} as
 * the default.
 *
 * <p>Entries are immutable {@link StoredResponse} values. An implementation must be thread-safe,
 * must keep an entry no longer than the retention it was given, must keep the {@code Vary}
 * variants of one key apart (answering with one whose {@link StoredResponse#matches} holds, the
 * most recent first), and must never use Java serialization: a store that persists entries writes
 * its own format and authenticates it (a MAC) so that a compromised backend cannot inject pages.
 */
public interface StaleStore {

  /** Returns the stored response for {@code key} whose Vary selection matches {@code request}. */
  Optional<StoredResponse> get(CacheKey key, RequestHead request);

  /**
   * Stores {@code response} for {@code retention}, replacing the variant with the same selecting
   * values; returns false when it was not stored (for example over a size cap). A response with a
   * 5xx status is never stored, so an error cannot replace or evict a good copy.
   */
  boolean put(StoredResponse response, Duration retention);

  /** Removes every variant stored for {@code key}. */
  void remove(CacheKey key);
}
