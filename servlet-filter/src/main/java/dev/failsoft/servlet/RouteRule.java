package dev.failsoft.servlet;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.StalePolicy;
import dev.failsoft.config.SettingValues;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How {@link StaleIfErrorFilter} treats the requests whose path matches one pattern: whether it
 * acts at all, how stale a copy it may serve, which statuses count as failure, the soft deadline
 * and the circuit breaker.
 *
 * <p>Patterns follow the servlet {@code url-pattern} forms and are matched against the path the
 * container decoded and normalised ({@code getServletPath() + getPathInfo()}, so {@code
 * ;jsessionid} and dot-segments cannot dodge a rule): an exact path ({@code /news/today}), a prefix
 * ({@code /news/*}, which also matches {@code /news}), an extension ({@code *.html}), or {@code /*}
 * (everything).
 *
 * <p>As an init-param a rule reads {@code PATTERN [off] [max-stale=DURATION]
 * [failure-statuses=S,S,...] [soft-deadline=DURATION] [breaker=on|off]
 * [store-cookie-requests=on|off]}, for example {@code /news/* max-stale=10m
 * failure-statuses=500,502,503,504 soft-deadline=2s}; see {@link #parse(String)}. Instances are
 * immutable and thread-safe.
 */
public final class RouteRule {

  /** The longest staleness served by default: one day. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofDays(1);

  /** The statuses that count as failure by default: 502, 503 and 504. */
  public static final Set<Integer> DEFAULT_FAILURE_STATUSES = Set.of(502, 503, 504);

  private final String pattern;
  private final boolean enabled;
  private final Duration maxStale;
  private final Set<Integer> failureStatuses;
  private final boolean[] failureTable;
  private final @Nullable Duration softDeadline;
  private final boolean breaker;
  private final boolean storeCookieRequests;

  private RouteRule(Builder b) {
    this.pattern = b.pattern;
    this.enabled = b.enabled;
    this.maxStale = b.maxStale;
    this.failureStatuses = Collections.unmodifiableSet(new TreeSet<>(b.failureStatuses));
    this.failureTable = new boolean[600];
    b.failureStatuses.forEach(s -> failureTable[s] = true);
    this.softDeadline = b.softDeadline;
    this.breaker = b.breaker;
    this.storeCookieRequests = b.storeCookieRequests;
  }

  /**
   * Returns a builder for the rule of {@code pattern}.
   *
   * @param pattern {@code /exact}, {@code /prefix/*}, {@code *.ext}, {@code /*} or {@code /} (the
   *     last two match every path)
   * @return a new builder with the defaults
   * @throws NullPointerException if {@code pattern} is null
   * @throws IllegalArgumentException if the pattern is not a servlet url-pattern form
   */
  public static Builder forPattern(String pattern) {
    return new Builder(pattern);
  }

  /**
   * Returns the rule for everything, with every default: {@code /*}.
   *
   * @return a new rule
   */
  public static RouteRule defaults() {
    return forPattern("/*").build();
  }

  /**
   * Parses a rule as written in an init-param: the pattern, then space-separated settings, {@code
   * off} (or {@code on}), {@code max-stale=}, {@code failure-statuses=}, {@code soft-deadline=} and
   * {@code breaker=on|off} and {@code store-cookie-requests=on|off}; a later setting overrides an
   * earlier one. Values follow Failsoft's one setting grammar ({@link SettingValues}): durations
   * take a unit, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} (a bare number means
   * seconds); statuses are separated by commas; switches also accept {@code true}/{@code false} and
   * {@code yes}/{@code no}.
   *
   * @param spec the rule as written, for example {@code /news/* max-stale=10m}
   * @return the rule
   * @throws NullPointerException if {@code spec} is null
   * @throws IllegalArgumentException naming the setting that is malformed or unknown
   */
  public static RouteRule parse(String spec) {
    requireNonNull(spec, "spec");
    String[] parts = spec.trim().split("\\s+");
    Builder b = forPattern(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "on" -> b.enabled(true);
        case "off" -> b.enabled(false);
        case "max-stale" -> b.maxStale(SettingValues.duration(key, value));
        case "soft-deadline" -> b.softDeadline(SettingValues.duration(key, value));
        case "breaker" -> b.breaker(SettingValues.onOff(key, value));
        case "store-cookie-requests" -> b.storeCookieRequests(SettingValues.onOff(key, value));
        case "failure-statuses" -> b.failureStatuses(SettingValues.statuses(key, value));
        default ->
            throw new IllegalArgumentException(
                "route setting: \""
                    + part
                    + "\" (expected: off, max-stale=, failure-statuses=, "
                    + "soft-deadline=, breaker= or store-cookie-requests=)");
      }
    }
    return b.build();
  }

  /**
   * Returns whether this rule applies to {@code path}.
   *
   * @param path a decoded, normalised path, such as {@code getServletPath() + getPathInfo()}
   * @return true when the pattern matches, compared case-sensitively
   * @throws NullPointerException if {@code path} is null
   */
  public boolean matches(String path) {
    if (pattern.equals("/*") || pattern.equals("/")) {
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
   * Returns whether {@code status} counts as a failure on this route.
   *
   * @param status any int; values outside 0..599 are never failures
   * @return true when it is one of {@link #failureStatuses()}
   */
  public boolean isFailure(int status) {
    return status >= 0 && status < failureTable.length && failureTable[status];
  }

  /**
   * Returns the url-pattern this rule applies to.
   *
   * @return the pattern as given
   */
  public String pattern() {
    return pattern;
  }

  /**
   * Returns whether the filter acts on these paths at all.
   *
   * @return false for a rule marked {@code off}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns the longest staleness (beyond freshness) of a copy served on failure.
   *
   * @return the window, zero or more
   */
  public Duration maxStale() {
    return maxStale;
  }

  /**
   * Returns the response statuses that count as failure.
   *
   * @return an unmodifiable set in ascending order, a subset of 500, 502, 503 and 504
   */
  public Set<Integer> failureStatuses() {
    return failureStatuses;
  }

  /**
   * Returns how long the chain may run before a stale copy is served instead.
   *
   * @return the deadline, positive; empty when off
   */
  public Optional<Duration> softDeadline() {
    return Optional.ofNullable(softDeadline);
  }

  /**
   * Returns whether a circuit breaker guards these paths.
   *
   * @return true when the breaker is on
   */
  public boolean breaker() {
    return breaker;
  }

  /**
   * Returns whether responses to requests that carry {@code Cookie} may be stored and shared.
   *
   * @return true when such responses may be stored
   */
  public boolean storeCookieRequests() {
    return storeCookieRequests;
  }

  /**
   * Returns the rule in a form close to what {@link #parse(String)} reads, for logs.
   *
   * @return for example {@code /news/* max-stale=600s failure-statuses=[502, 503, 504] breaker=on}
   */
  @Override
  public String toString() {
    return pattern
        + (enabled ? "" : " off")
        + " max-stale="
        + maxStale.toSeconds()
        + "s"
        + " failure-statuses="
        + failureStatuses
        + (softDeadline == null ? "" : " soft-deadline=" + softDeadline.toMillis() + "ms")
        + " breaker="
        + (breaker ? "on" : "off");
  }

  /** Builds a {@link RouteRule}. Not thread-safe. */
  public static final class Builder {
    private final String pattern;
    private boolean enabled = true;
    private Duration maxStale = DEFAULT_MAX_STALE;
    private Set<Integer> failureStatuses = DEFAULT_FAILURE_STATUSES;
    private @Nullable Duration softDeadline;
    private boolean breaker = true;
    private boolean storeCookieRequests;

    private Builder(String pattern) {
      requireNonNull(pattern, "pattern");
      boolean valid =
          pattern.equals("/")
              || pattern.startsWith("/") && pattern.indexOf('*') < 0
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
     * 9111 §4.2.4) and the cap on any window a response or request asks for. Responses with {@code
     * no-cache}, {@code must-revalidate}, {@code proxy-revalidate} or {@code s-maxage} are never
     * served stale. Default: 1 day ({@link #DEFAULT_MAX_STALE}).
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
     * The statuses that count as failure (the stored copy replaces them), among 500, 502, 503 and
     * 504 (the errors of RFC 5861 §4). Default: 502, 503, 504; add 500 to also replace application
     * errors.
     *
     * @param statuses a subset of 500, 502, 503 and 504; copied
     * @return this builder
     * @throws NullPointerException if {@code statuses} is null
     * @throws IllegalArgumentException if it holds null or any other status
     */
    public Builder failureStatuses(Set<Integer> statuses) {
      requireNonNull(statuses, "statuses");
      for (Integer s : statuses) {
        // RFC 5861 §4: an error is what would produce 500, 502, 503 or 504.
        if (s == null || !StalePolicy.isErrorStatus(s)) {
          throw new IllegalArgumentException(
              "failureStatuses: " + s + " (expected: 500, 502, 503 or 504)");
        }
      }
      this.failureStatuses = Set.copyOf(statuses);
      return this;
    }

    /**
     * How long the chain may run before the client gets a stale copy instead (when one may be
     * served); the chain keeps its thread and its later output is discarded, never written to the
     * container's response. Default: off.
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
     * @param breaker false to call the chain however it has been failing
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
