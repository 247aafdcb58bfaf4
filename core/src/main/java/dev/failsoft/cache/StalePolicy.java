package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The storage and reuse rules of a stale-serving cache (RFC 9111, RFC 5861): one façade over the
 * rules of each RFC section, for a shared cache such as the servlet filter ({@link #shared()}) or a
 * private one such as an HTTP client's ({@link #privateCache()}).
 *
 * <p>Every decision is a pure function of its arguments: {@link #mayStore} (RFC 9111 §3: may this
 * response be stored, and which fields), {@link #invalidations} (§4.4), {@link #mayServeStale} (§4
 * and RFC 5861 §4: on an error), {@link #retention} and {@link #isUnchanged} for the store. Each
 * returns a value that says why. Bad input never throws; it gets the conservative answer. Adapters
 * do not call these one by one: {@link StaleCache} runs them in order.
 *
 * <p>A stale window is the smaller of the {@code stale-if-error} the response or the request gives
 * and the operator's cap ({@link StaleWindows}); without a directive it is the operator's default
 * window, 0 (off) unless configured — an out-of-band contract RFC 9111 §4.2.4 allows. {@code
 * no-cache}, {@code must-revalidate} and, in a shared cache, {@code proxy-revalidate} and {@code
 * s-maxage} forbid stale even on error.
 *
 * <p>Instances are immutable and thread-safe; the builders are not.
 */
public final class StalePolicy {

  /**
   * The name Failsoft writes in {@code Cache-Status} and {@code Proxy-Status} unless configured
   * otherwise: {@value}.
   */
  public static final String DEFAULT_CACHE_NAME = "Failsoft";

  /** The default largest body stored, in bytes: {@value} (1 MiB). */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** The default request fields that make a shared cache refuse to store (unkeyed inputs). */
  public static final List<String> DEFAULT_UNKEYED_REQUEST_FIELDS =
      List.of(
          "X-Forwarded-Host",
          "X-Original-URL",
          "X-Rewrite-URL",
          "X-HTTP-Method-Override",
          "X-HTTP-Method",
          "X-Method-Override");

  /** What a shared cache does with a response carrying {@code Set-Cookie}. */
  public enum SetCookie {
    /** Do not store the response (the shared default). */
    DO_NOT_STORE,
    /** Store the response without its {@code Set-Cookie} fields; they are never replayed. */
    STORE_WITHOUT
  }

  /**
   * How long after its receipt a stored copy is kept as it is when an identical response arrives,
   * even if it is no longer fresh: one second. See {@link #isUnchanged}.
   */
  public static final Duration UNCHANGED_REFRESH_INTERVAL = Duration.ofSeconds(1);

  /**
   * The fields {@link #isUnchanged} compares (besides status and body): a response whose other
   * fields changed is still the same response to keep. A caller may pass it a head holding only
   * these.
   */
  public static final List<String> UNCHANGED_FIELDS =
      List.of("Cache-Control", "ETag", "Last-Modified", "Vary", "Content-Type", "Content-Encoding");

  private final boolean shared;
  private final String cacheName;
  private final int maxBodyBytes;
  private final SetCookie setCookie;
  private final boolean exposeDetail;
  private final List<String> unkeyedFields;
  private final List<String> targetFields;
  private final StaleWindows windows;

  private StalePolicy(Builder b) {
    shared = b.shared;
    cacheName = b.cacheName;
    maxBodyBytes = b.maxBodyBytes;
    setCookie = b.setCookie;
    exposeDetail = b.exposeDetail;
    unkeyedFields = List.copyOf(b.unkeyedFields);
    targetFields = List.copyOf(b.targetFields);
    windows = b.windows;
  }

  /**
   * Returns a builder for a shared cache, such as the servlet filter (RFC 9111 §3.5 applies).
   *
   * @return a new builder with the shared defaults
   */
  public static Builder shared() {
    return new Builder(true);
  }

  /**
   * Returns a builder for a private cache, such as one HTTP client's.
   *
   * @return a new builder with the private defaults
   */
  public static Builder privateCache() {
    return new Builder(false);
  }

  /**
   * Returns whether {@code status} is an error a stored copy may stand in for (RFC 5861 §4): 500,
   * 502, 503 or 504. This is the one definition every adapter uses; which of these a route replaces
   * is the operator's choice within it.
   *
   * @param status an HTTP status
   * @return true for 500, 502, 503 and 504
   */
  public static boolean isErrorStatus(int status) {
    return status == 500 || status == 502 || status == 503 || status == 504;
  }

  /**
   * Returns whether this is the shared profile.
   *
   * @return true when built from {@link #shared()}
   */
  public boolean isShared() {
    return shared;
  }

  /**
   * Returns the largest body stored; a larger one is never stored.
   *
   * @return bytes, 0 or more
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns the name written in {@code Cache-Status} and {@code Proxy-Status}.
   *
   * @return a non-empty name
   */
  public String cacheName() {
    return cacheName;
  }

  /**
   * Returns whether {@code Cache-Status} carries {@code detail}.
   *
   * @return true when detail is exposed
   */
  public boolean exposeDetail() {
    return exposeDetail;
  }

  /**
   * Returns the operator's stale windows.
   *
   * @return the windows
   */
  public StaleWindows windows() {
    return windows;
  }

  SetCookie setCookie() {
    return setCookie;
  }

  List<String> unkeyedRequestFields() {
    return unkeyedFields;
  }

  /** The directives this policy reads from {@code headers} (targeted fields first). */
  CacheControl directives(Headers headers) {
    return targetFields.isEmpty()
        ? CacheControl.of(headers)
        : CacheControl.of(headers, targetFields);
  }

  /** The directives of a stored response: parsed once, unless this policy reads targeted fields. */
  CacheControl directives(StoredResponse stored) {
    return targetFields.isEmpty()
        ? stored.parsed().directives()
        : CacheControl.of(stored.head().headers(), targetFields);
  }

  /**
   * Decides whether {@code response}, received for {@code request}, may be stored (RFC 9111 §3),
   * and which of its fields. Only a successful or explicitly cacheable response is ever stored, so
   * an error never replaces a good stored copy.
   *
   * @param request the request the response answered
   * @param response the response
   * @return the decision, with the fields to store when it stores
   * @throws NullPointerException if an argument is null
   */
  public StoreDecision mayStore(RequestHead request, ResponseHead response) {
    requireNonNull(request, "request");
    requireNonNull(response, "response");
    return StorageRules.mayStore(this, request, response);
  }

  /**
   * Returns the keys to remove after {@code response} to {@code request} (RFC 9111 §4.4): the GET
   * and HEAD entries of the target URI when an unsafe method got a 2xx or 3xx answer; empty
   * otherwise. {@code Location} and {@code Content-Location} are not invalidated.
   *
   * @param request the request
   * @param response its response
   * @return the keys to remove, possibly empty
   * @throws NullPointerException if an argument is null
   */
  public List<CacheKey> invalidations(RequestHead request, ResponseHead response) {
    requireNonNull(request, "request");
    requireNonNull(response, "response");
    return Invalidation.of(request, response);
  }

  /**
   * Returns how long a store should keep {@code stored} from {@code now}: its remaining freshness
   * plus the largest stale window any error status could get. Zero means there is no point in
   * storing it.
   *
   * @param stored the response about to be stored
   * @param now the current instant
   * @return the retention, whole seconds, zero or more
   * @throws NullPointerException if an argument is null
   */
  public Duration retention(StoredResponse stored, Instant now) {
    requireNonNull(stored, "stored");
    requireNonNull(now, "now");
    return StorageRules.retention(this, stored, now);
  }

  /**
   * Returns true when {@code response} with {@code body}, just received for a request that {@code
   * stored} answers, would store nothing new, so that a cache may skip the write. It must have the
   * same status, {@link #UNCHANGED_FIELDS} ({@code Cache-Control}, {@code ETag}, {@code
   * Last-Modified}, {@code Vary}, {@code Content-Type}, {@code Content-Encoding}) and body length
   * as {@code stored}, and then either {@code stored} was received less than {@link
   * #UNCHANGED_REFRESH_INTERVAL} before {@code now} (writes of one URL and variant are coalesced to
   * one a second, so a body that changed without changing any of those is picked up a second
   * later), or {@code stored} is still fresh and has the same body: the same strong or weak {@code
   * ETag} (RFC 9110 §8.8.3), or else the same bytes.
   *
   * <p>Keeping the stored copy is what a cache does anyway while it serves fresh hits without going
   * forward (RFC 9111 §4.2): the copy's age counts from its own receipt, never from a later
   * identical response, so stale windows can only end earlier, never later. The body is read from
   * {@code body}'s position to its limit; neither buffer is changed.
   *
   * @param stored the stored copy that answers the request the response was received for
   * @param response the response just received: its status and at least its {@link
   *     #UNCHANGED_FIELDS}
   * @param body the response's body
   * @param now the current time
   * @return true when storing the response would change nothing a failure could be answered with
   * @throws NullPointerException if an argument is null
   */
  public boolean isUnchanged(
      StoredResponse stored, ResponseHead response, ByteBuffer body, Instant now) {
    requireNonNull(stored, "stored");
    requireNonNull(response, "response");
    requireNonNull(body, "body");
    requireNonNull(now, "now");
    return StorageRules.isUnchanged(this, stored, response, body, now);
  }

  /**
   * Decides whether {@code stored} may be served instead of {@code failure} (RFC 5861 §4). An error
   * is anything that would produce 500, 502, 503 or 504 ({@link #isErrorStatus}): such a status, or
   * any exception kind but {@link FailureKind#CANCELED}.
   *
   * @param request the request
   * @param stored the stored candidate
   * @param failure the diagnosis of the failed forward
   * @param now the current instant
   * @return the decision; a serving one carries {@code Age} and a {@code Cache-Status} with {@code
   *     fwd=stale}, a refusing one the status to generate
   * @throws NullPointerException if an argument is null
   */
  public StaleDecision mayServeStale(
      RequestHead request, StoredResponse stored, Diagnosis failure, Instant now) {
    requireNonNull(request, "request");
    requireNonNull(stored, "stored");
    requireNonNull(failure, "failure");
    requireNonNull(now, "now");
    return ReuseRules.staleIfError(this, request, stored, failure, now, StaleCache.Reason.ERROR);
  }

  /**
   * Decides whether a fresh {@code stored} response may answer {@code request} without going
   * forward (RFC 9111 §4). Not yet used by an adapter: the full cache mode builds on it.
   */
  StaleDecision mayServeFresh(RequestHead request, StoredResponse stored, Instant now) {
    requireNonNull(request, "request");
    requireNonNull(stored, "stored");
    requireNonNull(now, "now");
    return ReuseRules.fresh(this, request, stored, now);
  }

  /**
   * Decides whether a stale {@code stored} response may be served while it is revalidated in the
   * background (RFC 5861 §3). Not yet used by an adapter: the full cache mode builds on it.
   */
  StaleDecision mayServeWhileRevalidating(RequestHead request, StoredResponse stored, Instant now) {
    requireNonNull(request, "request");
    requireNonNull(stored, "stored");
    requireNonNull(now, "now");
    return ReuseRules.whileRevalidating(this, request, stored, now);
  }

  @Override
  public String toString() {
    return "StalePolicy{"
        + (shared ? "shared" : "private")
        + ", cacheName="
        + cacheName
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", "
        + windows
        + "}";
  }

  /**
   * Builds a {@link StalePolicy}. Defaults: {@link StaleWindows#defaults()}, cache name {@value
   * #DEFAULT_CACHE_NAME}, bodies up to {@value #DEFAULT_MAX_BODY_BYTES} bytes, {@code Set-Cookie}
   * responses not stored by a shared cache (a private cache stores them without the field), no
   * {@code detail} in {@code Cache-Status}, and the unkeyed request fields {@link
   * #DEFAULT_UNKEYED_REQUEST_FIELDS} refused by a shared cache. Not thread-safe.
   */
  public static final class Builder {
    private final boolean shared;
    private String cacheName = DEFAULT_CACHE_NAME;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private SetCookie setCookie;
    private boolean exposeDetail;
    private List<String> unkeyedFields = DEFAULT_UNKEYED_REQUEST_FIELDS;
    private List<String> targetFields = List.of();
    private StaleWindows windows = StaleWindows.defaults();

    private Builder(boolean shared) {
      this.shared = shared;
      this.setCookie = shared ? SetCookie.DO_NOT_STORE : SetCookie.STORE_WITHOUT;
    }

    /**
     * Sets the name written in {@code Cache-Status} and {@code Proxy-Status}. Default: {@value
     * #DEFAULT_CACHE_NAME}.
     *
     * @param name non-empty; written as a token, or as a quoted string when it is not one
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public Builder cacheName(String name) {
      requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("cacheName: \"\" (expected: non-empty)");
      }
      cacheName = name;
      return this;
    }

    /**
     * Sets the largest body stored. Default: {@value #DEFAULT_MAX_BODY_BYTES}.
     *
     * @param bytes 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes: " + bytes + " (expected: >= 0)");
      }
      maxBodyBytes = bytes;
      return this;
    }

    /**
     * What a shared cache does with {@code Set-Cookie} responses. Default: {@link
     * SetCookie#DO_NOT_STORE} (shared), {@link SetCookie#STORE_WITHOUT} (private). A stored {@code
     * Set-Cookie} is never replayed either way.
     *
     * @param handling what to do
     * @return this builder
     * @throws NullPointerException if {@code handling} is null
     */
    public Builder setCookie(SetCookie handling) {
      setCookie = requireNonNull(handling, "handling");
      return this;
    }

    /**
     * Sets whether {@code Cache-Status} carries {@code detail}, for trusted clients. Default:
     * false.
     *
     * @param value true to write {@code detail}
     * @return this builder
     */
    public Builder exposeDetail(boolean value) {
      exposeDetail = value;
      return this;
    }

    /**
     * Request fields that make a shared cache refuse to store, because the application may read
     * them but they are not in the key. Default: {@link #DEFAULT_UNKEYED_REQUEST_FIELDS}.
     *
     * @param fields field names, replacing the defaults; copied
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     */
    public Builder unkeyedRequestFields(List<String> fields) {
      unkeyedFields = List.copyOf(requireNonNull(fields, "fields"));
      return this;
    }

    /** The RFC 9213 targeted fields, most specific first; for the full cache mode. */
    Builder targetFields(List<String> fields) {
      targetFields = List.copyOf(requireNonNull(fields, "fields"));
      return this;
    }

    /**
     * Sets the operator's stale windows. Default: {@link StaleWindows#defaults()}.
     *
     * @param value the windows
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder windows(StaleWindows value) {
      windows = requireNonNull(value, "windows");
      return this;
    }

    /**
     * Returns the policy with the settings made so far.
     *
     * @return an immutable, thread-safe policy
     */
    public StalePolicy build() {
      return new StalePolicy(this);
    }
  }
}
