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
   * Returns, without blocking the calling thread, the stored response for {@code key} whose Vary
   * selection matches {@code request}: what an event loop (Netty, WebFlux) calls, since it must
   * never wait on I/O. The stage completes with the same answer {@link #get} would give; a store
   * that cannot read (a remote store that is down, slow or answers garbage) completes it with
   * empty, never exceptionally, and within its own read timeout.
   *
   * <p>The default answers from {@link #get} on the calling thread and returns a completed stage,
   * which is right for a store held in memory such as {@link CaffeineStaleStore}. A store that
   * reads over the network overrides it; the stage may then complete on the store's own I/O thread,
   * so callers must not run long work in its continuations without an executor of their own.
   *
   * @param key the primary key
   * @param request the request to match against the variants
   * @return a stage completing with the most recent matching variant, or empty when none is held
   * @throws NullPointerException if an argument is null
   */
  default CompletionStage<Optional<StoredResponse>> getAsync(CacheKey key, RequestHead request) {
    return CompletableFuture.completedFuture(get(key, request));
  }

  /**
   * Returns the stored response for {@code key} matching {@code request} only when this store can
   * answer without waiting on I/O; otherwise empty. This is the read for the success path: a cache
   * comparing a fresh response with its stored copy (to skip an unchanged write) must not wait on a
   * remote store, and storing again when a remote copy exists costs only an asynchronous write.
   *
   * <p>The default answers from {@link #get}, which is right for a store held in memory. A remote
   * store answers empty; {@link TieredStaleStore} answers from its front tier.
   *
   * @param key the primary key
   * @param request the request to match against the variants
   * @return the most recent matching variant held locally, or empty
   * @throws NullPointerException if an argument is null
   */
  default Optional<StoredResponse> peek(CacheKey key, RequestHead request) {
    return get(key, request);
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
