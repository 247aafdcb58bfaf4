package dev.failsoft.webflux;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.StalePolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * How {@link StaleIfErrorWebFilter} treats the requests whose path matches one Spring {@link
 * PathPattern} ({@code /news/**}, {@code /news/{id}}, {@code /**}): whether it acts at all, how
 * stale a copy it may serve, which statuses count as failure, the soft deadline and the circuit
 * breaker. The pattern is matched against the path within the application, as WebFlux decoded it.
 *
 * <p>Immutable and thread-safe.
 */
public final class RouteRule {

  /** The longest staleness served by default: one day. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofDays(1);

  /** The statuses that count as failure by default: 502, 503 and 504. */
  public static final Set<Integer> DEFAULT_FAILURE_STATUSES = Set.of(502, 503, 504);

  private final String pattern;
  private final PathPattern parsed;
  private final boolean enabled;
  private final Duration maxStale;
  private final Set<Integer> failureStatuses;
  private final @Nullable Duration softDeadline;
  private final boolean breaker;
  private final boolean storeCookieRequests;

  private RouteRule(Builder b) {
    this.pattern = b.pattern;
    this.parsed = b.parsed;
    this.enabled = b.enabled;
    this.maxStale = b.maxStale;
    this.failureStatuses = b.failureStatuses;
    this.softDeadline = b.softDeadline;
    this.breaker = b.breaker;
    this.storeCookieRequests = b.storeCookieRequests;
  }

  /**
   * Returns a builder for the rule of {@code pattern}.
   *
   * @param pattern a Spring path pattern, such as {@code /news/**}
   * @return a new builder with the defaults
   * @throws NullPointerException if {@code pattern} is null
   * @throws IllegalArgumentException if the pattern does not parse
   */
  public static Builder forPattern(String pattern) {
    return new Builder(pattern);
  }

  /**
   * Returns the rule for everything ({@code /**}) with every default.
   *
   * @return a new rule
   */
  public static RouteRule defaults() {
    return forPattern("/**").build();
  }

  /**
   * Returns whether this rule's pattern matches {@code path}.
   *
   * @param path the path within the application
   * @return true when it matches
   */
  public boolean matches(PathContainer path) {
    return parsed.matches(path);
  }

  /**
   * Returns whether {@code status} counts as failure on these paths.
   *
   * @param status an HTTP status
   * @return true when a stored copy should replace it
   */
  public boolean isFailure(int status) {
    return failureStatuses.contains(status);
  }

  /**
   * Returns the pattern.
   *
   * @return the pattern as given
   */
  public String pattern() {
    return pattern;
  }

  /**
   * Returns whether the filter acts on these paths.
   *
   * @return false when requests pass straight through
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns the longest staleness served.
   *
   * @return zero or more
   */
  public Duration maxStale() {
    return maxStale;
  }

  /**
   * Returns the statuses that count as failure.
   *
   * @return an unmodifiable, sorted set
   */
  public Set<Integer> failureStatuses() {
    return failureStatuses;
  }

  /**
   * Returns the soft deadline, if any.
   *
   * @return the deadline, or empty
   */
  public Optional<Duration> softDeadline() {
    return Optional.ofNullable(softDeadline);
  }

  /**
   * Returns whether a circuit breaker guards these paths.
   *
   * @return true when guarded
   */
  public boolean breaker() {
    return breaker;
  }

  /**
   * Returns whether responses to requests with {@code Cookie} may be stored.
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
        + maxStale
        + " failure-statuses="
        + failureStatuses
        + (softDeadline == null ? "" : " soft-deadline=" + softDeadline)
        + " breaker="
        + (breaker ? "on" : "off");
  }

  /** Builds a {@link RouteRule}. Not thread-safe. */
  public static final class Builder {
    private final String pattern;
    private final PathPattern parsed;
    private boolean enabled = true;
    private Duration maxStale = DEFAULT_MAX_STALE;
    private Set<Integer> failureStatuses =
        java.util.Collections.unmodifiableSet(new TreeSet<>(DEFAULT_FAILURE_STATUSES));
    private @Nullable Duration softDeadline;
    private boolean breaker = true;
    private boolean storeCookieRequests;

    private Builder(String pattern) {
      requireNonNull(pattern, "pattern");
      try {
        this.parsed = PathPatternParser.defaultInstance.parse(pattern);
      } catch (PatternParseException e) {
        throw new IllegalArgumentException(
            "pattern: \"" + pattern + "\" (expected: a Spring path pattern, such as /news/**)", e);
      }
      this.pattern = pattern;
    }

    /**
     * Sets whether the filter acts on these paths. Default: true.
     *
     * @param enabled false to pass these requests straight to the chain
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The longest staleness (time past the end of freshness) of a copy served on failure: the
     * window for responses without {@code stale-if-error} (the operator's out-of-band contract, RFC
     * 9111 §4.2.4) and the cap on any window a response asks for. Default: 1 day ({@link
     * #DEFAULT_MAX_STALE}).
     *
     * @param maxStale zero or more; zero serves no stale copy
     * @return this builder
     * @throws NullPointerException if {@code maxStale} is null
     * @throws IllegalArgumentException if {@code maxStale} is negative
     */
    public Builder maxStale(Duration maxStale) {
      requireNonNull(maxStale, "maxStale");
      if (maxStale.isNegative()) {
        throw new IllegalArgumentException("maxStale: " + maxStale + " (expected: >= 0)");
      }
      this.maxStale = maxStale;
      return this;
    }

    /**
     * The statuses that count as failure (the stored copy replaces them), among the errors core
     * lets a stored copy stand in for ({@link StalePolicy#isErrorStatus}: 500, 502, 503, 504).
     * Default: 502, 503, 504; add 500 to also replace application errors.
     *
     * @param statuses a subset of 500, 502, 503 and 504; copied
     * @return this builder
     * @throws NullPointerException if {@code statuses} is null
     * @throws IllegalArgumentException if it holds null or any other status
     */
    public Builder failureStatuses(Set<Integer> statuses) {
      requireNonNull(statuses, "statuses");
      TreeSet<Integer> copy = new TreeSet<>();
      for (Integer s : statuses) {
        if (s == null || !StalePolicy.isErrorStatus(s)) {
          throw new IllegalArgumentException(
              "failureStatuses: " + s + " (expected: 500, 502, 503 or 504)");
        }
        copy.add(s);
      }
      this.failureStatuses = java.util.Collections.unmodifiableSet(copy);
      return this;
    }

    /**
     * How long the handler may take before the client gets a stale copy instead (when one may be
     * served and nothing has been sent yet); the handler is then canceled. Default: off.
     *
     * @param deadline the deadline, positive
     * @return this builder
     * @throws NullPointerException if {@code deadline} is null
     * @throws IllegalArgumentException if {@code deadline} is zero or negative
     */
    public Builder softDeadline(Duration deadline) {
      requireNonNull(deadline, "deadline");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("softDeadline: " + deadline + " (expected: > 0)");
      }
      this.softDeadline = deadline;
      return this;
    }

    /**
     * Sets whether a circuit breaker guards these paths. Default: true.
     *
     * @param breaker false to call the handler however it has been failing
     * @return this builder
     */
    public Builder breaker(boolean breaker) {
      this.breaker = breaker;
      return this;
    }

    /**
     * Whether responses to requests that carry {@code Cookie} may be stored and served to others;
     * only for paths whose pages never depend on a cookie. Default: false.
     *
     * @param store true to store them
     * @return this builder
     */
    public Builder storeCookieRequests(boolean store) {
      this.storeCookieRequests = store;
      return this;
    }

    /**
     * Returns the rule with the settings made so far.
     *
     * @return an immutable rule
     */
    public RouteRule build() {
      return new RouteRule(this);
    }
  }
}
