package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.internal.Syntax;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's stale windows (RFC 5861) for the responses one {@link StalePolicy} governs: the
 * window used when a response carries no {@code stale-if-error} (an out-of-band contract RFC 9111
 * §4.2.4 allows), caps on any window a response or request asks for, per error status if wanted,
 * and whether requests with {@code Cookie} may be stored.
 *
 * <p>Defaults: no stale-if-error without a directive ({@link Duration#ZERO}), a cap of {@value
 * #DEFAULT_MAX_STALE_IF_ERROR_SECONDS} seconds on any stale-if-error window, no
 * stale-while-revalidate without a directive, a cap of {@value
 * #DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS} seconds on it, and requests with {@code Cookie} not
 * stored by a shared cache. An adapter that routes requests (the servlet filter's url-patterns)
 * builds one policy per route, each with its own windows. Immutable and thread-safe.
 */
public final class StaleWindows {

  /** Default cap on stale-if-error, in seconds: {@value} (one day). */
  public static final long DEFAULT_MAX_STALE_IF_ERROR_SECONDS = 86_400;

  /** Default cap on stale-while-revalidate, in seconds: {@value} (one hour). */
  public static final long DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS = 3_600;

  private static final int[] ERROR_STATUSES = {500, 502, 503, 504};
  private static final StaleWindows DEFAULTS = builder().build();

  final long defaultSie;
  final long maxSie;
  final Map<Integer, Long> sieCapByStatus;
  final long defaultSwr;
  final long maxSwr;
  final boolean storeCookieRequests;

  private StaleWindows(Builder b) {
    defaultSie = b.defaultSie;
    maxSie = b.maxSie;
    sieCapByStatus = Map.copyOf(b.sieCapByStatus);
    defaultSwr = b.defaultSwr;
    maxSwr = b.maxSwr;
    storeCookieRequests = b.storeCookieRequests;
  }

  /**
   * Returns a builder with the defaults above.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the windows with every default.
   *
   * @return a shared instance
   */
  public static StaleWindows defaults() {
    return DEFAULTS;
  }

  /**
   * Returns windows where one operator setting, {@code maxStale}, is both the stale-if-error window
   * for responses without the directive and the cap on any window they ask for: what an operator
   * means by "serve copies up to this old" (the servlet filter's {@code max-stale}).
   *
   * @param maxStale zero or more; zero turns stale-if-error off
   * @param storeCookieRequests whether requests with {@code Cookie} may be stored
   * @return the windows
   * @throws NullPointerException if {@code maxStale} is null
   * @throws IllegalArgumentException if {@code maxStale} is negative
   */
  public static StaleWindows upTo(Duration maxStale, boolean storeCookieRequests) {
    return builder()
        .defaultStaleIfError(maxStale)
        .maxStaleIfError(maxStale)
        .storeCookieRequests(storeCookieRequests)
        .build();
  }

  /**
   * Returns whether a shared cache stores responses to requests with {@code Cookie}.
   *
   * @return true when opted in
   */
  public boolean storeCookieRequests() {
    return storeCookieRequests;
  }

  long sieCap(int status) {
    return sieCapByStatus.getOrDefault(status, maxSie);
  }

  long largestStaleIfError(long responseSie) {
    long largest = 0;
    for (int status : ERROR_STATUSES) {
      largest = Math.max(largest, window(responseSie, -1, defaultSie, sieCap(status)));
    }
    return largest;
  }

  long staleWhileRevalidate(long responseSwr) {
    return window(responseSwr, -1, defaultSwr, maxSwr);
  }

  /** The smaller of the directive (response, then request; both: the smaller) and the cap. */
  static long window(long responseDirective, long requestDirective, long fallback, long cap) {
    long directive;
    if (responseDirective >= 0 && requestDirective >= 0) {
      directive = Math.min(responseDirective, requestDirective);
    } else if (responseDirective >= 0) {
      directive = responseDirective;
    } else if (requestDirective >= 0) {
      directive = requestDirective;
    } else {
      directive = fallback;
    }
    return Math.max(0, Math.min(directive, cap));
  }

  @Override
  public String toString() {
    return "StaleWindows{defaultStaleIfError="
        + defaultSie
        + "s, maxStaleIfError="
        + maxSie
        + "s"
        + (sieCapByStatus.isEmpty() ? "" : ", byStatus=" + sieCapByStatus)
        + ", defaultStaleWhileRevalidate="
        + defaultSwr
        + "s, maxStaleWhileRevalidate="
        + maxSwr
        + "s, storeCookieRequests="
        + storeCookieRequests
        + "}";
  }

  /** Builds {@link StaleWindows}. Not thread-safe. */
  public static final class Builder {
    private long defaultSie;
    private long maxSie = DEFAULT_MAX_STALE_IF_ERROR_SECONDS;
    private final Map<Integer, Long> sieCapByStatus = new LinkedHashMap<>();
    private long defaultSwr;
    private long maxSwr = DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS;
    private boolean storeCookieRequests;

    private Builder() {}

    /**
     * Sets the stale-if-error window for responses without the directive. Default: zero (off).
     *
     * @param window zero or more; fractions of a second are dropped
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code window} is negative
     */
    public Builder defaultStaleIfError(Duration window) {
      defaultSie = seconds("defaultStaleIfError", window);
      return this;
    }

    /**
     * Sets the cap on every stale-if-error window. Default: {@value
     * #DEFAULT_MAX_STALE_IF_ERROR_SECONDS} seconds (one day).
     *
     * @param cap zero or more; fractions of a second are dropped; zero turns stale-if-error off
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder maxStaleIfError(Duration cap) {
      maxSie = seconds("maxStaleIfError", cap);
      return this;
    }

    /**
     * Sets the cap on the stale-if-error window for errors of one status, in place of {@link
     * #maxStaleIfError(Duration)}. Default: that cap.
     *
     * @param status 500, 502, 503 or 504
     * @param cap zero or more; fractions of a second are dropped
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code status} is another status or {@code cap} is
     *     negative
     */
    public Builder maxStaleIfError(int status, Duration cap) {
      if (status != 500 && status != 502 && status != 503 && status != 504) {
        throw new IllegalArgumentException(
            "status: " + status + " (expected: 500, 502, 503 or 504)");
      }
      sieCapByStatus.put(status, seconds("maxStaleIfError", cap));
      return this;
    }

    /**
     * Sets the stale-while-revalidate window for responses without the directive. Default: zero
     * (off).
     *
     * @param window zero or more; fractions of a second are dropped
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code window} is negative
     */
    public Builder defaultStaleWhileRevalidate(Duration window) {
      defaultSwr = seconds("defaultStaleWhileRevalidate", window);
      return this;
    }

    /**
     * Sets the cap on every stale-while-revalidate window. Default: {@value
     * #DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS} seconds (one hour).
     *
     * @param cap zero or more; fractions of a second are dropped; zero turns it off
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder maxStaleWhileRevalidate(Duration cap) {
      maxSwr = seconds("maxStaleWhileRevalidate", cap);
      return this;
    }

    /**
     * Whether a shared cache stores responses to requests with {@code Cookie}; only for pages that
     * do not depend on the cookie. Default: false.
     *
     * @param value true to store them
     * @return this builder
     */
    public Builder storeCookieRequests(boolean value) {
      storeCookieRequests = value;
      return this;
    }

    /**
     * Returns the windows with the settings made so far.
     *
     * @return an immutable value
     */
    public StaleWindows build() {
      return new StaleWindows(this);
    }

    private static long seconds(String name, Duration value) {
      requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
      }
      return Math.min(value.getSeconds(), Syntax.DELTA_SECONDS_MAX);
    }
  }
}
