package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.internal.SfDictionary;
import dev.failsoft.cache.internal.Syntax;
import dev.failsoft.http.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cache directives of a request or a response (RFC 9111 §5.2, RFC 5861), parsed once.
 *
 * <p>Arguments are accepted in token and quoted-string form; unknown directives are ignored (§5.2).
 * Duplicates and conflicts resolve to the most restrictive reading: the smallest {@code max-age},
 * {@code s-maxage}, {@code stale-if-error}, {@code stale-while-revalidate} and {@code max-stale},
 * the largest {@code min-fresh}, and {@code private} over {@code public}. Qualified {@code
 * no-cache="f"} and {@code private="f"} count as their unqualified forms. An invalid delta-seconds
 * (negative, non-digits, missing) makes {@code max-age} and {@code s-maxage} zero, so the response
 * is stale (§4.2.1), and makes a stale window zero; an invalid {@code min-fresh} is ignored. Values
 * past 2^31 saturate to 2^31 seconds (§1.2.2). When no {@code Cache-Control} field is present,
 * {@code Pragma: no-cache} reads as {@code no-cache} (§5.4). Parsing never throws for any field
 * value.
 *
 * <p>Instances are immutable and thread-safe. Spans are whole seconds.
 */
public final class CacheControl {

  static final long ABSENT = -1;
  private static final CacheControl NONE = new Builder().build();

  final boolean noStore;
  final boolean noCache;
  final boolean isPrivate;
  final boolean isPublic;
  final boolean mustRevalidate;
  final boolean proxyRevalidate;
  final boolean mustUnderstand;
  final boolean noTransform;
  final boolean onlyIfCached;
  final boolean immutable;
  final long maxAge;
  final long sMaxAge;
  final long maxStale;
  final long minFresh;
  final long staleIfError;
  final long staleWhileRevalidate;
  final boolean targeted;

  private CacheControl(Builder b) {
    targeted = b.targeted;
    noStore = b.noStore;
    noCache = b.noCache;
    isPrivate = b.isPrivate;
    isPublic = b.isPublic && !b.isPrivate;
    mustRevalidate = b.mustRevalidate;
    proxyRevalidate = b.proxyRevalidate;
    mustUnderstand = b.mustUnderstand;
    noTransform = b.noTransform;
    onlyIfCached = b.onlyIfCached;
    immutable = b.immutable;
    maxAge = b.maxAge;
    sMaxAge = b.sMaxAge;
    maxStale = b.maxStale;
    minFresh = b.minFresh;
    staleIfError = b.staleIfError;
    staleWhileRevalidate = b.staleWhileRevalidate;
  }

  /**
   * Returns directives with nothing set.
   *
   * @return a shared instance
   */
  public static CacheControl none() {
    return NONE;
  }

  /**
   * Parses one {@code Cache-Control} field value. Unlike {@link #of(Headers)}, no {@code Pragma} is
   * consulted.
   *
   * @param value the field value, any text; null reads as empty
   * @return the directives
   */
  public static CacheControl parse(String value) {
    if (value == null) {
      return NONE;
    }
    Builder b = new Builder();
    b.parse(value);
    return b.build();
  }

  /**
   * Returns the directives of every {@code Cache-Control} field in {@code headers}, or {@code
   * no-cache} from {@code Pragma} when there is no {@code Cache-Control} field.
   *
   * @param headers a request's or a response's fields
   * @return the directives; {@link #none()} when there are none
   * @throws NullPointerException if {@code headers} is null
   */
  public static CacheControl of(Headers headers) {
    requireNonNull(headers, "headers");
    Builder b = null;
    for (int i = 0, n = headers.size(); i < n; i++) {
      if (headers.name(i).equalsIgnoreCase("Cache-Control")) {
        if (b == null) {
          b = new Builder();
        }
        b.parse(headers.value(i));
      }
    }
    if (b != null) {
      return b.build();
    }
    for (String pragma : headers.values("Pragma")) {
      // RFC 9111 §5.4: Pragma: no-cache is read as Cache-Control: no-cache when none is present.
      if (parse(pragma).noCache) {
        Builder p = new Builder();
        p.noCache = true;
        return p.build();
      }
    }
    return NONE;
  }

  /**
   * Returns the directives a cache with this ordered target list obeys (RFC 9213 §2.2): those of
   * the first targeted field (for example {@code CDN-Cache-Control}) that is present, a valid
   * Structured Field Dictionary and not empty; otherwise those of {@link #of(Headers)}. When a
   * targeted field is used, {@code Cache-Control} is ignored, and so must {@code Expires} be (see
   * {@link #targeted()}).
   *
   * @param headers a response's fields
   * @param targetFields the targeted field names this cache obeys, most specific first, for example
   *     {@code List.of("Failsoft-Cache-Control", "CDN-Cache-Control")}
   * @return the directives
   * @throws NullPointerException if an argument or a field name is null
   */
  public static CacheControl of(Headers headers, List<String> targetFields) {
    requireNonNull(headers, "headers");
    requireNonNull(targetFields, "targetFields");
    for (String field : targetFields) {
      Optional<String> value = headers.combined(field);
      if (value.isEmpty()) {
        continue;
      }
      Optional<List<SfDictionary.Member>> members = SfDictionary.parse(value.get());
      if (members.isPresent() && !members.get().isEmpty()) {
        Builder b = new Builder();
        b.targeted = true;
        for (SfDictionary.Member m : members.get()) {
          b.targeted(m.key(), m.value());
        }
        return b.build();
      }
    }
    return of(headers);
  }

  /**
   * Returns whether {@code no-store} is present.
   *
   * @return true for {@code no-store}
   */
  public boolean noStore() {
    return noStore;
  }

  /**
   * Returns whether {@code no-cache} is present.
   *
   * @return true for {@code no-cache} (qualified or not) or {@code Pragma: no-cache}
   */
  public boolean noCache() {
    return noCache;
  }

  /**
   * Returns whether {@code private} is present.
   *
   * @return true for {@code private} (qualified or not)
   */
  public boolean isPrivate() {
    return isPrivate;
  }

  /**
   * Returns whether {@code public} is in force.
   *
   * @return true for {@code public}, unless {@code private} is also present
   */
  public boolean isPublic() {
    return isPublic;
  }

  /**
   * Returns whether {@code must-revalidate} is present.
   *
   * @return true for {@code must-revalidate}
   */
  public boolean mustRevalidate() {
    return mustRevalidate;
  }

  /**
   * Returns whether {@code proxy-revalidate} is present.
   *
   * @return true for {@code proxy-revalidate}
   */
  public boolean proxyRevalidate() {
    return proxyRevalidate;
  }

  /**
   * Returns whether {@code must-understand} is present.
   *
   * @return true for {@code must-understand}
   */
  public boolean mustUnderstand() {
    return mustUnderstand;
  }

  /**
   * Returns whether {@code no-transform} is present.
   *
   * @return true for {@code no-transform}
   */
  public boolean noTransform() {
    return noTransform;
  }

  /**
   * Returns whether the request directive {@code only-if-cached} is present.
   *
   * @return true for {@code only-if-cached}
   */
  public boolean onlyIfCached() {
    return onlyIfCached;
  }

  /**
   * Returns whether {@code immutable} (RFC 8246) is present.
   *
   * @return true for {@code immutable}
   */
  public boolean immutable() {
    return immutable;
  }

  /**
   * Returns {@code max-age}.
   *
   * @return whole seconds, zero when the value was invalid; empty when absent
   */
  public Optional<Duration> maxAge() {
    return seconds(maxAge);
  }

  /**
   * Returns {@code s-maxage}.
   *
   * @return whole seconds, zero when the value was invalid; empty when absent
   */
  public Optional<Duration> sMaxAge() {
    return seconds(sMaxAge);
  }

  /**
   * Returns the request directive {@code max-stale}; 2^31 seconds when given without a value (any
   * staleness).
   *
   * @return whole seconds, zero when the value was invalid; empty when absent
   */
  public Optional<Duration> maxStale() {
    return seconds(maxStale);
  }

  /**
   * Returns the request directive {@code min-fresh}.
   *
   * @return whole seconds; empty when absent or invalid
   */
  public Optional<Duration> minFresh() {
    return seconds(minFresh);
  }

  /**
   * Returns {@code stale-if-error} (RFC 5861 §4).
   *
   * @return whole seconds, zero when the value was invalid; empty when absent
   */
  public Optional<Duration> staleIfError() {
    return seconds(staleIfError);
  }

  /**
   * Returns {@code stale-while-revalidate} (RFC 5861 §3).
   *
   * @return whole seconds, zero when the value was invalid; empty when absent
   */
  public Optional<Duration> staleWhileRevalidate() {
    return seconds(staleWhileRevalidate);
  }

  /**
   * Returns true when these directives came from an RFC 9213 targeted field, in which case {@code
   * Expires} must be ignored.
   *
   * @return whether a targeted field supplied these directives
   */
  public boolean targeted() {
    return targeted;
  }

  private static Optional<Duration> seconds(long value) {
    return value < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(value));
  }

  /**
   * Returns the directives in force in {@code Cache-Control} syntax, in a fixed order.
   *
   * @return for example {@code no-cache, max-age=60}; empty when nothing is set
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    flag(out, noStore, "no-store");
    flag(out, noCache, "no-cache");
    flag(out, isPrivate, "private");
    flag(out, isPublic, "public");
    flag(out, mustRevalidate, "must-revalidate");
    flag(out, proxyRevalidate, "proxy-revalidate");
    flag(out, mustUnderstand, "must-understand");
    flag(out, noTransform, "no-transform");
    flag(out, onlyIfCached, "only-if-cached");
    flag(out, immutable, "immutable");
    number(out, maxAge, "max-age");
    number(out, sMaxAge, "s-maxage");
    number(out, maxStale, "max-stale");
    number(out, minFresh, "min-fresh");
    number(out, staleIfError, "stale-if-error");
    number(out, staleWhileRevalidate, "stale-while-revalidate");
    return out.toString();
  }

  private static void flag(StringBuilder out, boolean set, String name) {
    if (set) {
      out.append(out.length() == 0 ? "" : ", ").append(name);
    }
  }

  private static void number(StringBuilder out, long value, String name) {
    if (value >= 0) {
      out.append(out.length() == 0 ? "" : ", ").append(name).append('=').append(value);
    }
  }

  /** Accumulates directives from one or more field values. Not thread-safe. */
  private static final class Builder {
    boolean noStore;
    boolean noCache;
    boolean isPrivate;
    boolean isPublic;
    boolean mustRevalidate;
    boolean proxyRevalidate;
    boolean mustUnderstand;
    boolean noTransform;
    boolean onlyIfCached;
    boolean immutable;
    boolean targeted;
    long maxAge = ABSENT;
    long sMaxAge = ABSENT;
    long maxStale = ABSENT;
    long minFresh = ABSENT;
    long staleIfError = ABSENT;
    long staleWhileRevalidate = ABSENT;

    CacheControl build() {
      return new CacheControl(this);
    }

    /** Scans {@code #( token [ "=" ( token / quoted-string ) ] )}, skipping what is malformed. */
    void parse(String v) {
      int n = v.length();
      int i = 0;
      while (i < n) {
        char c = v.charAt(i);
        if (c == ',' || Syntax.isOws(c)) {
          i++;
          continue;
        }
        int nameStart = i;
        while (i < n && Syntax.isTokenChar(v.charAt(i))) {
          i++;
        }
        int nameEnd = i;
        int argStart = -1;
        int argEnd = -1;
        boolean bad = nameEnd == nameStart;
        while (i < n && Syntax.isOws(v.charAt(i))) {
          i++;
        }
        if (i < n && v.charAt(i) == '=') {
          i++;
          while (i < n && Syntax.isOws(v.charAt(i))) {
            i++;
          }
          if (i < n && v.charAt(i) == '"') {
            argStart = ++i;
            while (i < n && v.charAt(i) != '"') {
              i += v.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= n) {
              bad = true;
              i = n;
              argEnd = n;
            } else {
              argEnd = i++;
            }
          } else {
            argStart = i;
            while (i < n && Syntax.isTokenChar(v.charAt(i))) {
              i++;
            }
            argEnd = i;
          }
          while (i < n && Syntax.isOws(v.charAt(i))) {
            i++;
          }
        }
        if (i < n && v.charAt(i) != ',') {
          // Junk after the directive: skip to the next comma outside a quoted string.
          bad = true;
          boolean quoted = false;
          while (i < n && (quoted || v.charAt(i) != ',')) {
            if (v.charAt(i) == '"') {
              quoted = !quoted;
            } else if (quoted && v.charAt(i) == '\\') {
              i++;
            }
            i++;
          }
        }
        if (nameEnd > nameStart) {
          long seconds = bad ? Syntax.INVALID : Syntax.deltaSeconds(v, argStart, argEnd);
          directive(v, nameStart, nameEnd, argStart >= 0, seconds);
        }
      }
    }

    private void directive(String v, int s, int e, boolean hasArg, long seconds) {
      switch (e - s) {
        case 6:
          if (Syntax.is(v, s, e, "public")) {
            isPublic = true;
          }
          break;
        case 7:
          if (Syntax.is(v, s, e, "max-age")) {
            maxAge = smaller(maxAge, orZero(seconds));
          } else if (Syntax.is(v, s, e, "private")) {
            isPrivate = true;
          }
          break;
        case 8:
          if (Syntax.is(v, s, e, "no-store")) {
            noStore = true;
          } else if (Syntax.is(v, s, e, "no-cache")) {
            noCache = true;
          } else if (Syntax.is(v, s, e, "s-maxage")) {
            sMaxAge = smaller(sMaxAge, orZero(seconds));
          }
          break;
        case 9:
          if (Syntax.is(v, s, e, "max-stale")) {
            // §5.2.1.2: without a value the client accepts any staleness.
            maxStale = smaller(maxStale, hasArg ? orZero(seconds) : Syntax.DELTA_SECONDS_MAX);
          } else if (Syntax.is(v, s, e, "min-fresh")) {
            if (seconds >= 0) {
              minFresh = Math.max(minFresh, seconds);
            }
          } else if (Syntax.is(v, s, e, "immutable")) {
            immutable = true;
          }
          break;
        case 12:
          if (Syntax.is(v, s, e, "no-transform")) {
            noTransform = true;
          }
          break;
        case 14:
          if (Syntax.is(v, s, e, "only-if-cached")) {
            onlyIfCached = true;
          } else if (Syntax.is(v, s, e, "stale-if-error")) {
            staleIfError = smaller(staleIfError, orZero(seconds));
          }
          break;
        case 15:
          if (Syntax.is(v, s, e, "must-revalidate")) {
            mustRevalidate = true;
          } else if (Syntax.is(v, s, e, "must-understand")) {
            mustUnderstand = true;
          }
          break;
        case 16:
          if (Syntax.is(v, s, e, "proxy-revalidate")) {
            proxyRevalidate = true;
          }
          break;
        case 22:
          if (Syntax.is(v, s, e, "stale-while-revalidate")) {
            staleWhileRevalidate = smaller(staleWhileRevalidate, orZero(seconds));
          }
          break;
        default:
          // RFC 9111 §5.2: unrecognised directives are ignored.
      }
    }

    /** Applies one RFC 9213 dictionary member; only integer values count as delta-seconds. */
    void targeted(String key, Object value) {
      long seconds =
          value instanceof Long l && l >= 0
              ? Math.min(l, Syntax.DELTA_SECONDS_MAX)
              : Syntax.INVALID;
      boolean hasArg = !(value instanceof Boolean);
      // A key with ?0 is "false": RFC 9213 leaves it undefined, the restrictive reading is to
      // ignore only the flags that would loosen caching.
      if (Boolean.FALSE.equals(value) && (key.equals("public") || key.equals("immutable"))) {
        return;
      }
      directive(key, 0, key.length(), hasArg, seconds);
    }

    private static long orZero(long seconds) {
      return seconds < 0 ? 0 : seconds;
    }

    private static long smaller(long current, long candidate) {
      return current < 0 ? candidate : Math.min(current, candidate);
    }
  }
}
