package dev.failsoft.cache;

import dev.failsoft.http.RequestHead;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where stored responses live: the SPI a cache adapter uses, with {@link CaffeineStaleStore} as the
 * default.
 *
 * <p>Entries are immutable {@link StoredResponse} values. An implementation must be thread-safe,
 * must keep an entry no longer than the retention it was given, must keep the {@code Vary} variants
 * of one key apart (answering with one whose {@link StoredResponse#matches} holds, the most recent
 * first), and must never use Java serialization: a store that persists entries writes its own
 * format and authenticates it (a MAC) so that a compromised backend cannot inject pages.
 */
public interface StaleStore {

  /**
   * Returns the stored response for {@code key} whose Vary selection matches {@code request}.
   *
   * @param key the primary key
   * @param request the request to match against the variants
   * @return the most recent matching variant, or empty when none is held
   * @throws NullPointerException if an argument is null
   */
  Optional<StoredResponse> get(CacheKey key, RequestHead request);

  /**
   * Returns, without blocking the calling thread, what {@link #get} would: the form an event loop
   * (Netty, WebFlux) calls. The default answers from {@link #get} at once, which suits a store in
   * memory; a remote store overrides it. A failing store may complete the stage exceptionally;
   * {@link StaleCache} reads that as a miss.
   *
   * @param key the primary key
   * @param request the request to match against the variants
   * @return a stage with the most recent matching variant, or empty
   * @throws NullPointerException if an argument is null
   */
  default CompletionStage<Optional<StoredResponse>> getAsync(CacheKey key, RequestHead request) {
    return CompletableFuture.completedFuture(get(key, request));
  }

  /**
   * Stores {@code response} for {@code retention}, replacing the variant with the same selecting
   * values; returns false when it was not stored (for example over a size cap). A response with a
   * 5xx status is never stored, so an error cannot replace or evict a good copy.
   *
   * @param response the response, stored under {@link StoredResponse#key()}
   * @param retention how long to keep it; zero or negative stores nothing
   * @return true when it was stored
   * @throws NullPointerException if an argument is null
   */
  boolean put(StoredResponse response, Duration retention);

  /**
   * Removes every variant stored for {@code key}; an absent key is ignored.
   *
   * @param key the primary key
   * @throws NullPointerException if {@code key} is null
   */
  void remove(CacheKey key);
}
