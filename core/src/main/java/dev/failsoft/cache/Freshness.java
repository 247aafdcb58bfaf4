package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.internal.Syntax;
import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How fresh a stored response is: its freshness lifetime (RFC 9111 §4.2.1) and its current age
 * (§4.2.3), in whole seconds, at a given instant.
 *
 * <p>The lifetime is, in order: {@code s-maxage} (shared caches only), {@code max-age}, {@code
 * Expires − Date} (ignored when the directives came from a targeted field), and otherwise a
 * heuristic of 10% of {@code Date − Last-Modified}, capped at {@value #HEURISTIC_CAP_SECONDS}
 * seconds, for the heuristically cacheable statuses of RFC 9110 §15.1 (or {@code public}) only. An
 * invalid or repeated-and-conflicting {@code Expires} is in the past; an invalid or conflicting
 * {@code Date} is treated as absent (the response time stands in for it, §4.2.1) and an invalid
 * {@code Age} is ignored (§5.1). Nothing here throws for bad field values. Immutable and
 * thread-safe.
 *
 * @param lifetimeSeconds the freshness lifetime, ≥ 0
 * @param ageSeconds the current age, ≥ 0
 * @param heuristic true when the lifetime came from the heuristic
 */
public record Freshness(long lifetimeSeconds, long ageSeconds, boolean heuristic) {

  /** The longest heuristic lifetime, in seconds: {@value} (one day). */
  public static final long HEURISTIC_CAP_SECONDS = 86_400;

  /**
   * Checks the components.
   *
   * @param lifetimeSeconds the freshness lifetime, ≥ 0
   * @param ageSeconds the current age, ≥ 0
   * @param heuristic true when the lifetime came from the heuristic
   * @throws IllegalArgumentException if {@code lifetimeSeconds} or {@code ageSeconds} is negative
   */
  public Freshness {
    if (lifetimeSeconds < 0 || ageSeconds < 0) {
      throw new IllegalArgumentException(
          "lifetimeSeconds: "
              + lifetimeSeconds
              + ", ageSeconds: "
              + ageSeconds
              + " (expected: >= 0)");
    }
  }

  /**
   * Returns the freshness of {@code stored} at {@code now}, for a shared or a private cache.
   *
   * @param stored the stored response
   * @param directives its cache directives, as {@link CacheControl#of(Headers)} read them
   * @param shared true for a shared cache, which honours {@code s-maxage}
   * @param now the instant to measure the age at; one before the response time counts as the
   *     response time
   * @return the freshness
   * @throws NullPointerException if a reference argument is null
   */
  public static Freshness of(
      StoredResponse stored, CacheControl directives, boolean shared, Instant now) {
    requireNonNull(stored, "stored");
    requireNonNull(directives, "directives");
    requireNonNull(now, "now");
    Headers headers = stored.head().headers();
    Optional<Instant> date = stored.parsed().date();
    long lifetime =
        lifetime(stored.status(), headers, directives, shared, date, stored.responseTime());
    boolean heuristic = lifetime < 0;
    long age = currentAge(headers, date, stored.requestTime(), stored.responseTime(), now);
    return new Freshness(Math.abs(lifetime), age, heuristic);
  }

  /**
   * Returns whether the response is fresh (§4.2).
   *
   * @return true when the lifetime exceeds the current age
   */
  public boolean isFresh() {
    return lifetimeSeconds > ageSeconds;
  }

  /**
   * Returns how long ago the response became stale.
   *
   * @return seconds of staleness, 0 while fresh
   */
  public long stalenessSeconds() {
    return Math.max(0, ageSeconds - lifetimeSeconds);
  }

  /**
   * Returns the remaining freshness (RFC 9211 {@code ttl}).
   *
   * @return lifetime − age in seconds, negative when stale
   */
  public long ttlSeconds() {
    return lifetimeSeconds - ageSeconds;
  }

  /**
   * Returns the current age as a duration.
   *
   * @return {@link #ageSeconds()} seconds
   */
  public Duration age() {
    return Duration.ofSeconds(ageSeconds);
  }

  /**
   * Returns the lifetime as a duration.
   *
   * @return {@link #lifetimeSeconds()} seconds
   */
  public Duration lifetime() {
    return Duration.ofSeconds(lifetimeSeconds);
  }

  /**
   * Returns the lifetime in seconds; a heuristic lifetime is returned negated (and 0 is returned as
   * is) so that the caller learns both from one value.
   */
  static long lifetime(
      int status,
      Headers headers,
      CacheControl cc,
      boolean shared,
      Optional<Instant> date,
      Instant responseTime) {
    if (shared && cc.sMaxAge >= 0) {
      return cc.sMaxAge;
    }
    if (cc.maxAge >= 0) {
      return cc.maxAge;
    }
    if (!cc.targeted && headers.contains("Expires")) {
      // §5.3: an invalid Expires, such as "0", means already expired.
      Optional<Instant> expires = singleDate(headers, "Expires", responseTime);
      if (expires.isEmpty()) {
        return 0;
      }
      Instant base = date.orElse(responseTime);
      return Math.max(
          0,
          Math.min(
              Syntax.DELTA_SECONDS_MAX, expires.get().getEpochSecond() - base.getEpochSecond()));
    }
    if (!isHeuristicallyCacheable(status) && !cc.isPublic) {
      return 0;
    }
    Optional<String> lastModifiedValue = headers.first("Last-Modified");
    if (lastModifiedValue.isEmpty()) {
      return 0;
    }
    Optional<Instant> lastModified = HttpDate.parse(lastModifiedValue.get(), responseTime);
    if (lastModified.isEmpty()) {
      return 0;
    }
    // §4.2.2: a typical heuristic is 10% of the time since the last modification.
    long since = date.orElse(responseTime).getEpochSecond() - lastModified.get().getEpochSecond();
    return -Math.min(HEURISTIC_CAP_SECONDS, Math.max(0, since / 10));
  }

  /** RFC 9110 §15.1: statuses cacheable without explicit freshness. */
  static boolean isHeuristicallyCacheable(int status) {
    return switch (status) {
      case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501 -> true;
      default -> false;
    };
  }

  /** §4.2.3, in whole seconds; a clock that went backwards never makes an age negative. */
  static long currentAge(
      Headers headers,
      Optional<Instant> date,
      Instant requestTime,
      Instant responseTime,
      Instant now) {
    long ageValue = ageValue(headers);
    long responseSecond = responseTime.getEpochSecond();
    long apparentAge = date.map(d -> Math.max(0, responseSecond - d.getEpochSecond())).orElse(0L);
    long responseDelay = Math.max(0, responseSecond - requestTime.getEpochSecond());
    long correctedAgeValue = ageValue + responseDelay;
    long correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
    long residentTime = Math.max(0, now.getEpochSecond() - responseSecond);
    return saturatedAdd(correctedInitialAge, residentTime);
  }

  /** §5.1: the first member of a list-valued Age; an invalid value is ignored (0). */
  static long ageValue(Headers headers) {
    Optional<String> age = headers.first("Age");
    if (age.isEmpty()) {
      return 0;
    }
    String value = age.get();
    int comma = value.indexOf(',');
    long seconds = Syntax.deltaSeconds(comma < 0 ? value : value.substring(0, comma));
    return Math.max(0, seconds);
  }

  /**
   * Returns the date in the named field when it is present once, or several times with the same
   * value; empty when absent, invalid or conflicting.
   */
  static Optional<Instant> singleDate(Headers headers, String name, Instant reference) {
    List<String> values = headers.values(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 1; i < values.size(); i++) {
      if (!values.get(i).equals(values.get(0))) {
        return Optional.empty();
      }
    }
    return HttpDate.parse(values.get(0), reference);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
