package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.internal.Syntax;
import dev.failsoft.http.Headers;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One member of an RFC 9211 {@code Cache-Status} field, for example {@code Failsoft; fwd=stale;
 * fwd-status=502; ttl=-412; detail=stale-if-error}.
 *
 * <p>The member is a Structured Fields item: the cache name as a token (or a string when it is not
 * a valid token) with parameters {@code hit}, {@code fwd}, {@code fwd-status}, {@code ttl}
 * (negative when stale), {@code stored}, {@code collapsed} and {@code detail}. {@code key} is never
 * written: it would help attackers probe and poison the cache (RFC 9211 §7). {@link
 * #appendTo(Headers)} adds the member after any the response already carries, as §2 asks. Build
 * with {@link #builder(String)}; instances are immutable and thread-safe.
 */
public final class CacheStatus {

  /** The header name, {@value}. */
  public static final String HEADER = "Cache-Status";

  /** The {@code fwd} reasons of RFC 9211 §2.2. */
  public enum Fwd {
    /** The cache was configured to not handle this request. */
    BYPASS("bypass"),
    /** The request method's semantics require forwarding. */
    METHOD("method"),
    /** The cache did not contain any response for the URI. */
    URI_MISS("uri-miss"),
    /** The cache held responses for the URI, but Vary selected none. */
    VARY_MISS("vary-miss"),
    /** The cache did not contain a usable response. */
    MISS("miss"),
    /** The request's directives forced forwarding. */
    REQUEST("request"),
    /** The stored response was stale. */
    STALE("stale"),
    /** Only part of the response was stored. */
    PARTIAL("partial");

    private final String token;

    Fwd(String token) {
      this.token = token;
    }

    /**
     * Returns the token written on the wire.
     *
     * @return for example {@code uri-miss}
     */
    public String token() {
      return token;
    }
  }

  private final String cache;
  private final boolean hit;
  private final Optional<Fwd> fwd;
  private final OptionalInt fwdStatus;
  private final OptionalLong ttl;
  private final boolean stored;
  private final boolean collapsed;
  private final Optional<String> detail;

  private CacheStatus(Builder b) {
    cache = b.cache;
    hit = b.hit;
    fwd = Optional.ofNullable(b.fwd);
    fwdStatus = b.fwdStatus;
    ttl = b.ttl;
    stored = b.stored;
    collapsed = b.collapsed;
    detail = Optional.ofNullable(b.detail);
  }

  /**
   * Returns a builder for a member naming the cache {@code cache}, for example "Failsoft".
   *
   * @param cache the cache's name, non-empty; written as a token, or as a string when it is not a
   *     valid token
   * @return a new builder
   * @throws NullPointerException if {@code cache} is null
   * @throws IllegalArgumentException if {@code cache} is empty
   */
  public static Builder builder(String cache) {
    return new Builder(cache);
  }

  /**
   * Returns whether the member says {@code hit}.
   *
   * @return true for a hit
   */
  public boolean hit() {
    return hit;
  }

  /**
   * Returns the {@code fwd} reason.
   *
   * @return the reason, or empty for a hit or when not set
   */
  public Optional<Fwd> fwd() {
    return fwd;
  }

  /**
   * Returns {@code fwd-status}.
   *
   * @return the next hop's status, or empty when not set
   */
  public OptionalInt fwdStatus() {
    return fwdStatus;
  }

  /**
   * Returns {@code ttl}.
   *
   * @return seconds of remaining freshness, negative when stale; empty when not set
   */
  public OptionalLong ttl() {
    return ttl;
  }

  /**
   * Returns {@code detail}.
   *
   * @return the detail, or empty when not set
   */
  public Optional<String> detail() {
    return detail;
  }

  /**
   * Returns {@code headers} with this member appended as a new {@code Cache-Status} field.
   *
   * @param headers the response fields
   * @return new headers; {@code headers} is unchanged
   * @throws NullPointerException if {@code headers} is null
   */
  public Headers appendTo(Headers headers) {
    requireNonNull(headers, "headers");
    return headers.with(HEADER, toString());
  }

  /**
   * Returns the member as written in the field.
   *
   * @return the Structured Fields item with its parameters
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(64);
    Syntax.appendTokenOrString(out, cache);
    if (hit) {
      out.append("; hit");
    }
    fwd.ifPresent(f -> out.append("; fwd=").append(f.token()));
    fwdStatus.ifPresent(s -> out.append("; fwd-status=").append(s));
    ttl.ifPresent(t -> out.append("; ttl=").append(t));
    if (stored) {
      out.append("; stored");
    }
    if (collapsed) {
      out.append("; collapsed");
    }
    detail.ifPresent(d -> Syntax.appendTokenOrString(out.append("; detail="), d));
    return out.toString();
  }

  /**
   * Builds a {@link CacheStatus}. Defaults: not a hit, no {@code fwd}, no {@code fwd-status}, no
   * {@code ttl}, not stored, not collapsed, no detail. Not thread-safe.
   */
  public static final class Builder {
    private final String cache;
    private boolean hit;
    private @Nullable Fwd fwd;
    private OptionalInt fwdStatus = OptionalInt.empty();
    private OptionalLong ttl = OptionalLong.empty();
    private boolean stored;
    private boolean collapsed;
    private @Nullable String detail;

    private Builder(String cache) {
      this.cache = requireNonNull(cache, "cache");
      if (cache.isEmpty()) {
        throw new IllegalArgumentException("cache: \"\" (expected: a non-empty name)");
      }
    }

    /**
     * Marks a hit: served from the cache without going forward. Clears {@code fwd}.
     *
     * @return this builder
     */
    public Builder hit() {
      hit = true;
      fwd = null;
      return this;
    }

    /**
     * Sets why the request went forward. Clears {@code hit}, which is exclusive with it.
     *
     * @param reason the reason
     * @return this builder
     * @throws NullPointerException if {@code reason} is null
     */
    public Builder fwd(Fwd reason) {
      fwd = requireNonNull(reason, "reason");
      hit = false;
      return this;
    }

    /**
     * Sets the status the next hop answered.
     *
     * @param status 100 to 999
     * @return this builder
     * @throws IllegalArgumentException if {@code status} is outside 100..999
     */
    public Builder fwdStatus(int status) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("fwdStatus: " + status + " (expected: 100..999)");
      }
      fwdStatus = OptionalInt.of(status);
      return this;
    }

    /**
     * Sets the remaining freshness.
     *
     * @param seconds seconds of freshness left, negative when stale
     * @return this builder
     */
    public Builder ttl(long seconds) {
      ttl = OptionalLong.of(seconds);
      return this;
    }

    /**
     * Sets whether the forwarded response was stored.
     *
     * @param value true to write {@code stored}
     * @return this builder
     */
    public Builder stored(boolean value) {
      stored = value;
      return this;
    }

    /**
     * Sets whether the request was collapsed with another one.
     *
     * @param value true to write {@code collapsed}
     * @return this builder
     */
    public Builder collapsed(boolean value) {
      collapsed = value;
      return this;
    }

    /**
     * Sets an implementation-specific detail; send it only to trusted clients (RFC 9211 §7).
     *
     * @param value the detail, written as a token or a string
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder detail(String value) {
      detail = requireNonNull(value, "value");
      return this;
    }

    /**
     * Returns the member with the settings made so far.
     *
     * @return an immutable member
     */
    public CacheStatus build() {
      return new CacheStatus(this);
    }
  }
}
