package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.RequestHead;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two stores as one: a fast front tier (typically the byte-bounded {@link CaffeineStaleStore} of
 * this JVM) in front of a shared back tier (typically a Redis store that outlives the JVM and is
 * shared by every replica). Works with any two {@link StaleStore}s.
 *
 * <ul>
 *   <li>{@link #get} and {@link #getAsync} answer from the front; on a front miss they ask the
 *       back, and a copy found there is also put in the front for at most {@link Builder#promotion}
 *       (it cannot learn the back copy's own expiry through the SPI), so repeated stale answers
 *       during an outage cost no remote read. A promoted copy can therefore outlive its back-tier
 *       expiry by at most that time; the stale policy still checks its age and window on every
 *       answer.
 *   <li>{@link #peek} answers from the front only, so the success path never waits on the back.
 *   <li>{@link #put} and {@link #remove} go to both tiers (a remote back tier writes
 *       asynchronously); {@code put} is true when either tier stored the response.
 *   <li>{@link #close} closes each tier that is {@link AutoCloseable}.
 * </ul>
 *
 * <p>Thread-safe when both tiers are.
 */
public final class TieredStaleStore implements StaleStore, AutoCloseable {

  /** Default longest time a copy read from the back tier is kept in the front: {@value} s. */
  public static final long DEFAULT_PROMOTION_SECONDS = 30;

  private static final Logger log = LoggerFactory.getLogger(TieredStaleStore.class);

  private final StaleStore front;
  private final StaleStore back;
  private final Duration promotion;

  private TieredStaleStore(StaleStore front, StaleStore back, Duration promotion) {
    this.front = front;
    this.back = back;
    this.promotion = promotion;
  }

  /**
   * Returns {@code front} in front of {@code back}, with the default promotion time.
   *
   * @param front the fast local tier, asked first
   * @param back the shared tier, asked on a front miss
   * @return a thread-safe tiered store
   * @throws NullPointerException if an argument is null
   */
  public static TieredStaleStore of(StaleStore front, StaleStore back) {
    return builder(front, back).build();
  }

  /**
   * Returns a builder for {@code front} in front of {@code back}.
   *
   * @param front the fast local tier, asked first
   * @param back the shared tier, asked on a front miss
   * @return a new builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(StaleStore front, StaleStore back) {
    return new Builder(requireNonNull(front, "front"), requireNonNull(back, "back"));
  }

  /**
   * Returns the front tier.
   *
   * @return the store asked first
   */
  public StaleStore front() {
    return front;
  }

  /**
   * Returns the back tier.
   *
   * @return the store asked on a front miss
   */
  public StaleStore back() {
    return back;
  }

  @Override
  public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
    Optional<StoredResponse> found = front.get(key, request);
    return found.isPresent() ? found : promote(back.get(key, request));
  }

  @Override
  public CompletionStage<Optional<StoredResponse>> getAsync(CacheKey key, RequestHead request) {
    return front
        .getAsync(key, request)
        .thenCompose(
            found ->
                found.isPresent()
                    ? CompletableFuture.completedFuture(found)
                    : back.getAsync(key, request).thenApply(this::promote));
  }

  @Override
  public Optional<StoredResponse> peek(CacheKey key, RequestHead request) {
    return front.peek(key, request);
  }

  @Override
  public boolean put(StoredResponse response, Duration retention) {
    boolean inFront = front.put(response, retention);
    boolean inBack = back.put(response, retention);
    return inFront || inBack;
  }

  @Override
  public void remove(CacheKey key) {
    front.remove(key);
    back.remove(key);
  }

  /** Closes the back tier, then the front, each if it is {@link AutoCloseable}. */
  @Override
  public void close() {
    closeQuietly(back);
    closeQuietly(front);
  }

  private Optional<StoredResponse> promote(Optional<StoredResponse> found) {
    found.ifPresent(copy -> front.put(copy, promotion));
    return found;
  }

  private static void closeQuietly(StaleStore store) {
    if (store instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", store.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Builds a {@link TieredStaleStore}. Not thread-safe. */
  public static final class Builder {
    private final StaleStore front;
    private final StaleStore back;
    private Duration promotion = Duration.ofSeconds(DEFAULT_PROMOTION_SECONDS);

    private Builder(StaleStore front, StaleStore back) {
      this.front = front;
      this.back = back;
    }

    /**
     * Sets the longest time a copy read from the back tier is kept in the front. Default: {@value
     * #DEFAULT_PROMOTION_SECONDS} seconds.
     *
     * @param time more than zero
     * @return this builder
     * @throws IllegalArgumentException if {@code time} is zero or negative
     * @throws NullPointerException if {@code time} is null
     */
    public Builder promotion(Duration time) {
      requireNonNull(time, "time");
      if (time.isZero() || time.isNegative()) {
        throw new IllegalArgumentException("promotion: " + time + " (expected: > 0)");
      }
      promotion = time;
      return this;
    }

    /**
     * Returns the tiered store.
     *
     * @return a thread-safe store
     */
    public TieredStaleStore build() {
      return new TieredStaleStore(front, back, promotion);
    }
  }
}
