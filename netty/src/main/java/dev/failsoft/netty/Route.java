package dev.failsoft.netty;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What {@link StaleIfErrorHandler} does for the requests whose path matches a pattern: how stale a
 * copy may be, which statuses count as failures, the soft deadline and whether a circuit breaker
 * guards the route. Patterns use the servlet url-pattern grammar: {@code /exact}, {@code /prefix/*}
 * (segment boundary), {@code *.ext} or {@code /*}. Immutable and thread-safe.
 */
public final class Route {
  /** Default longest staleness served: {@value #DEFAULT_MAX_STALE_SECONDS} seconds (one day). */
  public static final long DEFAULT_MAX_STALE_SECONDS = 86_400;

  /** Default statuses replaced by a stored copy: 502, 503 and 504. */
  public static final Set<Integer> DEFAULT_FAILURE_STATUSES = Set.of(502, 503, 504);

  private final String pattern;
  private final boolean enabled;
  private final Duration maxStale;
  private final Set<Integer> failureStatuses;
  private final boolean[] failureTable = new boolean[600];
  private final @Nullable Duration softDeadline;
  private final boolean breaker;
  private final boolean storeCookieRequests;

  private Route(Builder b) {
    this.pattern = b.pattern;
    this.enabled = b.enabled;
    this.maxStale = b.maxStale;
    this.failureStatuses = Set.copyOf(b.failureStatuses);
    failureStatuses.forEach(s -> failureTable[s] = true);
    this.softDeadline = b.softDeadline;
    this.breaker = b.breaker;
    this.storeCookieRequests = b.storeCookieRequests;
  }

  /**
   * Returns a builder for the requests matching {@code pattern}.
   *
   * @param pattern {@code /exact}, {@code /prefix/*}, {@code *.ext} or {@code /*}
   * @return a new builder
   * @throws NullPointerException if {@code pattern} is null
   * @throws IllegalArgumentException if {@code pattern} is none of those forms
   */
  public static Builder forPattern(String pattern) {
    return new Builder(pattern);
  }

  /**
   * Returns the route every request falls back to: {@code /*} with the defaults.
   *
   * @return the default route
   */
  public static Route defaults() {
    return forPattern("/*").build();
  }

  /**
   * Returns whether this route applies to a decoded request path.
   *
   * @param path the path, starting with {@code /}
   * @return true when the pattern matches
   */
  public boolean matches(String path) {
    if (pattern.equals("/*")) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      int slash = path.lastIndexOf('/');
      return path.endsWith(pattern.substring(1)) && path.lastIndexOf('.') > slash;
    }
    if (pattern.endsWith("/*")) {
      int n = pattern.length() - 2;
      return path.startsWith(pattern.substring(0, n))
          && (path.length() == n || path.charAt(n) == '/');
    }
    return path.equals(pattern);
  }

  /**
   * Returns whether a response with {@code status} is a failure to replace.
   *
   * @param status an HTTP status
   * @return true when {@code status} is one of {@link #failureStatuses()}
   */
  public boolean isFailure(int status) {
    return status >= 0 && status < failureTable.length && failureTable[status];
  }

  /**
   * Returns the pattern.
   *
   * @return the pattern, as given
   */
  public String pattern() {
    return pattern;
  }

  /**
   * Returns whether the handler acts on this route at all.
   *
   * @return false when matching requests pass through untouched
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns the longest staleness served: the window for responses without {@code stale-if-error},
   * and the cap on the window of those with it.
   *
   * @return a duration, 0 or more
   */
  public Duration maxStale() {
    return maxStale;
  }

  /**
   * Returns the statuses that count as failures.
   *
   * @return an unmodifiable set
   */
  public Set<Integer> failureStatuses() {
    return failureStatuses;
  }

  /**
   * Returns how long a request may wait before a stored copy is sent instead, if set.
   *
   * @return the soft deadline, or empty
   */
  public Optional<Duration> softDeadline() {
    return Optional.ofNullable(softDeadline);
  }

  /**
   * Returns whether a circuit breaker guards this route.
   *
   * @return true when failures can open a breaker
   */
  public boolean breaker() {
    return breaker;
  }

  /**
   * Returns whether responses to requests with a {@code Cookie} may be stored.
   *
   * @return true when they may
   */
  public boolean storeCookieRequests() {
    return storeCookieRequests;
  }

  @Override
  public String toString() {
    return pattern
        + (enabled ? "" : " off")
        + " max-stale="
        + maxStale.toSeconds()
        + "s failure-statuses="
        + new TreeSet<>(failureStatuses)
        + (softDeadline == null ? "" : " soft-deadline=" + softDeadline.toMillis() + "ms")
        + " breaker="
        + (breaker ? "on" : "off");
  }

  /**
   * Builds a {@link Route}. Defaults: enabled, max-stale {@value #DEFAULT_MAX_STALE_SECONDS} s,
   * failure statuses {@link #DEFAULT_FAILURE_STATUSES}, no soft deadline, breaker on, responses to
   * requests with cookies not stored. Not thread-safe.
   */
  public static final class Builder {
    private final String pattern;
    private boolean enabled = true;
    private Duration maxStale = Duration.ofSeconds(DEFAULT_MAX_STALE_SECONDS);
    private Set<Integer> failureStatuses = DEFAULT_FAILURE_STATUSES;
    private @Nullable Duration softDeadline;
    private boolean breaker = true;
    private boolean storeCookieRequests;

    private Builder(String pattern) {
      requireNonNull(pattern, "pattern");
      boolean valid =
          pattern.startsWith("/") && pattern.indexOf('*') < 0
              || pattern.startsWith("/")
                  && pattern.endsWith("/*")
                  && pattern.indexOf('*') == pattern.length() - 1
              || pattern.startsWith("*.")
                  && pattern.length() > 2
                  && pattern.indexOf('/') < 0
                  && pattern.indexOf('*', 1) < 0;
      if (!valid) {
        throw new IllegalArgumentException(
            "pattern: \"" + pattern + "\" (expected: /exact, /prefix/*, *.ext or /*)");
      }
      this.pattern = pattern;
    }

    /**
     * Sets whether the handler acts on this route. Default: true.
     *
     * @param value false to pass matching requests through untouched
     * @return this builder
     */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /**
     * Sets the longest staleness served. Default: {@value #DEFAULT_MAX_STALE_SECONDS} s.
     *
     * @param value 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder maxStale(Duration value) {
      requireNonNull(value, "value");
      if (value.isNegative()) {
        throw new IllegalArgumentException("maxStale: " + value + " (expected: >= 0)");
      }
      this.maxStale = value;
      return this;
    }

    /**
     * Sets the statuses replaced by a stored copy. Default: {@link #DEFAULT_FAILURE_STATUSES}.
     *
     * @param statuses server errors (500 to 599)
     * @return this builder
     * @throws IllegalArgumentException if a status is not a server error
     */
    public Builder failureStatuses(Set<Integer> statuses) {
      requireNonNull(statuses, "statuses");
      for (Integer s : statuses) {
        // RFC 5861 §4: stale-if-error covers errors, which a server reports with 5xx.
        if (s == null || s < 500 || s > 599) {
          throw new IllegalArgumentException("failureStatuses: " + s + " (expected: 500..599)");
        }
      }
      this.failureStatuses = Set.copyOf(statuses);
      return this;
    }

    /**
     * Sets how long a request may wait before a stored copy is sent instead (the late answer is
     * then discarded). Default: none.
     *
     * @param value more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public Builder softDeadline(Duration value) {
      requireNonNull(value, "value");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("softDeadline: " + value + " (expected: > 0)");
      }
      this.softDeadline = value;
      return this;
    }

    /**
     * Sets whether a circuit breaker guards this route. Default: true.
     *
     * @param value false for no breaker
     * @return this builder
     */
    public Builder breaker(boolean value) {
      this.breaker = value;
      return this;
    }

    /**
     * Sets whether responses to requests carrying {@code Cookie} may be stored (only when they
     * carry no {@code Set-Cookie}). Default: false.
     *
     * @param value true to store them
     * @return this builder
     */
    public Builder storeCookieRequests(boolean value) {
      this.storeCookieRequests = value;
      return this;
    }

    /**
     * Returns the route.
     *
     * @return an immutable route
     */
    public Route build() {
      return new Route(this);
    }
  }
}
