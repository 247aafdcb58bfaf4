package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * At most one refresh in flight per key: the first caller gets a {@link Lease} (or runs the call),
 * the others learn a refresh is under way and may be served stale within the stale-while-revalidate
 * window, or join the one call in flight.
 *
 * <p>Lock-free (one {@link ConcurrentHashMap} entry per key in flight) and thread-safe. A lease
 * must be closed, normally in try-with-resources; closing twice is harmless.
 *
 * @param <K> the key type, usually {@link CacheKey}
 */
final class SingleFlight<K> {

  private final ConcurrentMap<K, Object> inFlight = new ConcurrentHashMap<>();

  /** Creates a tracker with nothing in flight. */
  public SingleFlight() {}

  /** The right to run the one refresh for a key; {@link #close()} releases it. */
  public final class Lease implements AutoCloseable {
    private final K key;

    private Lease(K key) {
      this.key = key;
    }

    /** Releases the key so that the next caller may refresh. */
    @Override
    public void close() {
      inFlight.remove(key, this);
    }
  }

  /**
   * Takes the key when no refresh for it is in flight.
   *
   * @param key the key
   * @return a lease to close when the refresh is done; empty when a refresh is in flight
   * @throws NullPointerException if {@code key} is null
   */
  public Optional<Lease> tryAcquire(K key) {
    requireNonNull(key, "key");
    Lease lease = new Lease(key);
    return inFlight.putIfAbsent(key, lease) == null ? Optional.of(lease) : Optional.empty();
  }

  /**
   * Returns whether a refresh for {@code key} is in flight.
   *
   * @param key the key
   * @return true while a lease or a collapsed call holds the key
   * @throws NullPointerException if {@code key} is null
   */
  public boolean isInFlight(K key) {
    requireNonNull(key, "key");
    return inFlight.containsKey(key);
  }

  /**
   * Runs {@code call} unless a call for {@code key} is in flight, in which case returns that call's
   * future (the caller was collapsed). The key is released when the future completes, normally or
   * not; a {@code call} that throws completes the future exceptionally. When a {@link Lease} holds
   * the key, {@code call} runs uncollapsed.
   *
   * @param <V> the result type
   * @param key the key
   * @param call starts the call; run on this thread; a null future it returns fails with {@link
   *     IllegalStateException}
   * @return the future of the call in flight, this caller's or an earlier one's
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public <V> CompletableFuture<V> collapse(K key, Supplier<CompletableFuture<V>> call) {
    requireNonNull(key, "key");
    requireNonNull(call, "call");
    CompletableFuture<V> mine = new CompletableFuture<>();
    Object existing = inFlight.putIfAbsent(key, mine);
    if (existing instanceof CompletableFuture<?> other) {
      return (CompletableFuture<V>) other;
    }
    if (existing != null) {
      // A lease holds the key: nothing to join, so run uncollapsed.
      return runQuietly(call);
    }
    mine.whenComplete((v, e) -> inFlight.remove(key, mine));
    runQuietly(call)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                mine.completeExceptionally(e);
              } else {
                mine.complete(v);
              }
            });
    return mine;
  }

  /**
   * Returns the number of keys in flight.
   *
   * @return the count, 0 or more
   */
  public int size() {
    return inFlight.size();
  }

  private static <V> CompletableFuture<V> runQuietly(Supplier<CompletableFuture<V>> call) {
    try {
      CompletableFuture<V> future = call.get();
      return future == null
          ? CompletableFuture.failedFuture(new IllegalStateException("call returned null"))
          : future;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
