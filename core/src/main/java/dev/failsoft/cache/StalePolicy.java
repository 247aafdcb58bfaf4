package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.internal.Syntax;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The storage and reuse rules of a stale-serving cache (RFC 9111, RFC 5861), in one place for the
 * servlet filter ({@link #shared()}) and for HTTP clients ({@link #privateCache()}).
 *
 * <p>Every decision is a pure function of its arguments: {@link #mayStore} (may this response be
 * stored, and which fields), {@link #mayServeFresh}, {@link #mayServeStale} (on an error, RFC 5861
 * §4) and {@link #mayServeWhileRevalidating} (RFC 5861 §3), plus {@link #retention} for the store.
 * Each returns a value that says why. Bad input never throws; it gets the conservative answer.
 *
 * <p>A stale window is the smaller of the {@code stale-if-error} (or {@code
 * stale-while-revalidate}) the response or the request gives and the operator's cap for the route
 * and status; without a directive it is the route's default window, 0 (off) unless configured — an
 * out-of-band contract RFC 9111 §4.2.4 allows. {@code no-cache}, {@code must-revalidate} and, in a
 * shared cache, {@code proxy-revalidate} and {@code s-maxage} forbid stale even on error.
 *
 * <p>Instances are immutable and thread-safe; the builders are not.
 */
public final class StalePolicy {

  /** The default cache name in {@code Cache-Status}: {@value}. */
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

  // RFC 9110 §7.6.1 and RFC 9111 §3.1: never stored.
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private static final Set<Integer> STORABLE_STATUSES =
      Set.of(200, 203, 204, 300, 301, 302, 307, 308, 404, 405, 410);

  private final boolean shared;
  private final String cacheName;
  private final int maxBodyBytes;
  private final SetCookie setCookie;
  private final boolean exposeDetail;
  private final List<String> unkeyedFields;
  private final List<String> targetFields;
  private final Route defaults;
  private final Map<String, Route> exactRoutes;
  private final List<Map.Entry<String, Route>> prefixRoutes;

  private StalePolicy(Builder b) {
    shared = b.shared;
    cacheName = b.cacheName;
    maxBodyBytes = b.maxBodyBytes;
    setCookie = b.setCookie;
    exposeDetail = b.exposeDetail;
    unkeyedFields = List.copyOf(b.unkeyedFields);
    targetFields = List.copyOf(b.targetFields);
    defaults = b.defaults;
    Map<String, Route> exact = new HashMap<>();
    List<Map.Entry<String, Route>> prefixes = new ArrayList<>();
    b.routes.forEach(
        (pattern, route) -> {
          if (pattern.endsWith("*")) {
            prefixes.add(Map.entry(pattern.substring(0, pattern.length() - 1), route));
          } else {
            exact.put(pattern, route);
          }
        });
    prefixes.sort((x, y) -> y.getKey().length() - x.getKey().length());
    exactRoutes = Map.copyOf(exact);
    prefixRoutes = List.copyOf(prefixes);
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
   * Returns whether this is the shared profile.
   *
   * @return true when built from {@link #shared()}
   */
  public boolean isShared() {
    return shared;
  }

  /**
   * Returns the largest body stored; the adapter does not store a larger one.
   *
   * @return bytes, 0 or more
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns the route rules that apply to {@code request}'s raw path.
   *
   * @param request the request
   * @return the exact route, else the longest prefix route, else the defaults
   * @throws NullPointerException if {@code request} is null
   */
  public Route route(RequestHead request) {
    requireNonNull(request, "request");
    String path = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
    return routeForPath(path);
  }

  /**
   * Returns the directives this policy reads from {@code headers} (targeted fields first).
   *
   * @param headers a response's fields
   * @return the directives
   * @throws NullPointerException if {@code headers} is null
   */
  public CacheControl directives(Headers headers) {
    return targetFields.isEmpty()
        ? CacheControl.of(headers)
        : CacheControl.of(headers, targetFields);
  }

  /** The directives of a stored response: parsed once, unless this policy reads targeted fields. */
  private CacheControl directives(StoredResponse stored) {
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
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return StoreDecision.no("method " + method + " is not cached");
    }
    Headers req = request.headers();
    Headers res = response.headers();
    if (hasBody(req)) {
      // Checklist 18: a GET with a body ("fat GET") may be answered differently per body.
      return StoreDecision.no("request has a body");
    }
    CacheControl reqCc = CacheControl.of(req);
    if (reqCc.noStore) {
      return StoreDecision.no("request has no-store");
    }
    int status = response.status();
    if (status == 206) {
      return StoreDecision.no("partial content (206) is not stored");
    }
    if (!STORABLE_STATUSES.contains(status)) {
      return StoreDecision.no("status " + status + " is not stored");
    }
    CacheControl cc = directives(res);
    if (cc.noStore) {
      return StoreDecision.no("response has no-store");
    }
    if (cc.noCache) {
      // §5.2.2.4: every reuse needs validation, which this cache does not do; storing is waste.
      return StoreDecision.no("response has no-cache and this cache does not revalidate");
    }
    if (shared && cc.isPrivate) {
      return StoreDecision.no("response is private");
    }
    if (shared
        && req.contains("Authorization")
        && !cc.isPublic
        && cc.sMaxAge < 0
        && !cc.mustRevalidate) {
      // RFC 9111 §3.5.
      return StoreDecision.no(
          "request has Authorization and response lacks public, s-maxage or" + " must-revalidate");
    }
    for (String vary : res.values("Vary")) {
      if (vary.indexOf('*') >= 0) {
        return StoreDecision.no("response has Vary: *");
      }
    }
    if (shared && req.contains("Cookie") && !route(request).storeCookieRequests) {
      return StoreDecision.no("request has Cookie and the route does not opt in");
    }
    if (shared) {
      for (String field : unkeyedFields) {
        if (req.contains(field)) {
          return StoreDecision.no("request has unkeyed field " + field);
        }
      }
    }
    boolean hasSetCookie = res.contains("Set-Cookie");
    if (hasSetCookie && shared && setCookie == SetCookie.DO_NOT_STORE) {
      return StoreDecision.no("response has Set-Cookie");
    }
    Optional<String> length = res.first("Content-Length");
    if (length.isPresent()) {
      long bytes = Syntax.deltaSeconds(length.get());
      if (bytes < 0 || bytes > maxBodyBytes) {
        return StoreDecision.no(
            "Content-Length "
                + printable(length.get())
                + " is over the cap of "
                + maxBodyBytes
                + " bytes or invalid");
      }
    }
    boolean explicit =
        cc.maxAge >= 0
            || (shared && cc.sMaxAge >= 0)
            || (!cc.targeted && res.contains("Expires"))
            || cc.isPublic
            || (!shared && cc.isPrivate);
    if (!explicit && !Freshness.isHeuristicallyCacheable(status)) {
      return StoreDecision.no("status " + status + " needs explicit freshness");
    }
    return StoreDecision.yes(
        hasSetCookie ? "without Set-Cookie" : "cacheable", storedFields(res, hasSetCookie));
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
    String method = request.method();
    boolean safe =
        method.equals("GET")
            || method.equals("HEAD")
            || method.equals("OPTIONS")
            || method.equals("TRACE");
    if (safe || response.status() < 200 || response.status() >= 400) {
      return List.of();
    }
    Optional<CacheKey> key = CacheKey.of(new RequestHead("GET", request.uri(), request.headers()));
    return key.map(k -> List.of(k, k.withMethod("HEAD"))).orElse(List.of());
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
    CacheControl cc = directives(stored);
    Freshness freshness = Freshness.of(stored, cc, shared, now);
    long window = 0;
    if (staleForbidden(cc).isEmpty()) {
      Route route = routeFor(stored.key());
      window =
          Math.max(
              route.largestStaleIfError(cc.staleIfError),
              route.window(cc.staleWhileRevalidate, -1, route.defaultSwr, route.maxSwr));
    }
    long seconds = Math.max(0, freshness.ttlSeconds() + window);
    return Duration.ofSeconds(seconds);
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
    ByteBuffer storedBody = stored.body();
    if (stored.status() != response.status() || storedBody.remaining() != body.remaining()) {
      return false;
    }
    Headers was = stored.head().headers();
    Headers is = response.headers();
    for (String field : UNCHANGED_FIELDS) {
      if (!was.combined(field).equals(is.combined(field))) {
        return false;
      }
    }
    // Duration.between cannot overflow between two Instants; toEpochMilli can, at the extremes.
    Duration sinceReceipt = Duration.between(stored.responseTime(), now);
    if (!sinceReceipt.isNegative() && sinceReceipt.compareTo(UNCHANGED_REFRESH_INTERVAL) < 0) {
      return true;
    }
    if (!Freshness.of(stored, directives(stored), shared, now).isFresh()) {
      return false;
    }
    return was.contains("ETag") || storedBody.equals(body);
  }

  /**
   * Decides whether a fresh {@code stored} response may answer {@code request} without going
   * forward (RFC 9111 §4): key, method and Vary match, the response is fresh and has no {@code
   * no-cache}, and the request's {@code no-cache}, {@code max-age} and {@code min-fresh} allow it.
   *
   * @param request the request
   * @param stored the stored candidate
   * @param now the current instant
   * @return the decision; a serving one carries {@code Age} and a {@code Cache-Status} hit
   * @throws NullPointerException if an argument is null
   */
  public StaleDecision mayServeFresh(RequestHead request, StoredResponse stored, Instant now) {
    return evaluate(
        request,
        stored,
        now,
        504,
        false,
        (cc, f) -> {
          CacheControl reqCc = CacheControl.of(request.headers());
          if (cc.noCache || reqCc.noCache) {
            return StaleDecision.refuse("no-cache: must validate", f.ttlSeconds(), 504);
          }
          if (!f.isFresh()) {
            return StaleDecision.refuse(
                "stale by " + f.stalenessSeconds() + "s", f.ttlSeconds(), 504);
          }
          if (reqCc.maxAge >= 0 && f.ageSeconds() > reqCc.maxAge) {
            return StaleDecision.refuse("request max-age exceeded", f.ttlSeconds(), 504);
          }
          if (reqCc.minFresh >= 0 && f.ttlSeconds() < reqCc.minFresh) {
            return StaleDecision.refuse("request min-fresh not met", f.ttlSeconds(), 504);
          }
          CacheStatus.Builder status = CacheStatus.builder(cacheName).hit().ttl(f.ttlSeconds());
          return serve("fresh: " + f.ttlSeconds() + "s left", f, status);
        });
  }

  /**
   * Decides whether {@code stored} may be served instead of {@code failure} (RFC 5861 §4). An error
   * is anything that would produce 500, 502, 503 or 504: such a status, or any exception kind but
   * {@link FailureKind#CANCELED}.
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
    requireNonNull(failure, "failure");
    int errorStatus = errorStatus(failure);
    if (errorStatus == 0) {
      return StaleDecision.refuse(
          "not an error: status " + failure.status().orElse(0), 0, failure.status().orElse(502));
    }
    return evaluate(
        request,
        stored,
        now,
        errorStatus,
        true,
        (cc, f) -> {
          Route route = route(request);
          long requestSie = CacheControl.of(request.headers()).staleIfError;
          long window =
              route.window(
                  cc.staleIfError, requestSie, route.defaultSie, route.sieCap(errorStatus));
          long staleness = f.stalenessSeconds();
          if (f.isFresh() || staleness <= window && window > 0) {
            CacheStatus.Builder status =
                CacheStatus.builder(cacheName).fwd(CacheStatus.Fwd.STALE).ttl(f.ttlSeconds());
            failure.status().ifPresent(status::fwdStatus);
            if (exposeDetail) {
              status.detail("stale-if-error");
            }
            return serve(
                "stale-if-error: " + staleness + "s stale within " + window + "s", f, status);
          }
          return StaleDecision.refuse(
              window == 0
                  ? "stale-if-error is off for this response"
                  : "too stale: " + staleness + "s over a window of " + window + "s",
              f.ttlSeconds(),
              errorStatus);
        });
  }

  /**
   * Decides whether a stale {@code stored} response may be served while it is revalidated in the
   * background (RFC 5861 §3); the caller triggers that revalidation, once, from this request (see
   * {@link SingleFlight}).
   *
   * @param request the request
   * @param stored the stored candidate
   * @param now the current instant
   * @return the decision; it serves only a stale response within its window
   * @throws NullPointerException if an argument is null
   */
  public StaleDecision mayServeWhileRevalidating(
      RequestHead request, StoredResponse stored, Instant now) {
    return evaluate(
        request,
        stored,
        now,
        504,
        true,
        (cc, f) -> {
          Route route = route(request);
          long window = route.window(cc.staleWhileRevalidate, -1, route.defaultSwr, route.maxSwr);
          long staleness = f.stalenessSeconds();
          if (!f.isFresh() && window > 0 && staleness <= window) {
            CacheStatus.Builder status = CacheStatus.builder(cacheName).hit().ttl(f.ttlSeconds());
            if (exposeDetail) {
              status.detail("stale-while-revalidate");
            }
            return serve(
                "stale-while-revalidate: " + staleness + "s stale within " + window + "s",
                f,
                status);
          }
          return StaleDecision.refuse(
              f.isFresh()
                  ? "fresh: no revalidation needed"
                  : "outside the stale-while-revalidate window",
              f.ttlSeconds(),
              504);
        });
  }

  /** The part of a reuse decision that reads the stored response. */
  private interface Rule {
    StaleDecision decide(CacheControl directives, Freshness freshness);
  }

  /**
   * Refuses when {@code stored} cannot answer {@code request} or, for a stale rule, when its
   * directives forbid stale; otherwise applies {@code rule}.
   */
  private StaleDecision evaluate(
      RequestHead request,
      StoredResponse stored,
      Instant now,
      int refusedStatus,
      boolean staleRule,
      Rule rule) {
    requireNonNull(now, "now");
    Optional<String> mismatch = mismatch(request, stored);
    if (mismatch.isPresent()) {
      return StaleDecision.refuse(mismatch.get(), 0, refusedStatus);
    }
    CacheControl cc = directives(stored);
    Freshness f = Freshness.of(stored, cc, shared, now);
    Optional<String> forbidden = staleRule ? staleForbidden(cc) : Optional.empty();
    if (forbidden.isPresent()) {
      // RFC 9111 §4.2.4 and §5.2.2.2: the error goes through, as a 504 under must-revalidate.
      return StaleDecision.refuse(
          "stale forbidden: response has " + forbidden.get(),
          f.ttlSeconds(),
          cc.mustRevalidate ? 504 : refusedStatus);
    }
    return rule.decide(cc, f);
  }

  private StaleDecision serve(String why, Freshness f, CacheStatus.Builder status) {
    Headers add =
        Headers.of(
            "Age",
            Long.toString(Math.min(f.ageSeconds(), 2_147_483_648L)),
            CacheStatus.HEADER,
            status.build().toString());
    return new StaleDecision(true, why, add, f.ttlSeconds(), 0);
  }

  /** Why this response can never be served stale, if it cannot (RFC 9111 §4.2.4). */
  private Optional<String> staleForbidden(CacheControl cc) {
    if (cc.noCache) {
      return Optional.of("no-cache");
    }
    if (cc.mustRevalidate) {
      return Optional.of("must-revalidate");
    }
    if (shared && cc.proxyRevalidate) {
      return Optional.of("proxy-revalidate");
    }
    if (shared && cc.sMaxAge >= 0) {
      // §5.2.2.10: s-maxage implies proxy-revalidate for a shared cache.
      return Optional.of("s-maxage");
    }
    return Optional.empty();
  }

  /** Why {@code stored} cannot answer {@code request} at all, if it cannot. */
  private static Optional<String> mismatch(RequestHead request, StoredResponse stored) {
    requireNonNull(request, "request");
    requireNonNull(stored, "stored");
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return Optional.of("request is not cacheable by key");
    }
    CacheKey k = key.get();
    boolean sameUrl = k.withMethod(stored.key().method()).equals(stored.key());
    if (!sameUrl) {
      return Optional.of("stored response is for another URL");
    }
    if (k.method().equals("GET") && stored.key().method().equals("HEAD")) {
      return Optional.of("a HEAD response never answers a GET");
    }
    if (!stored.matches(request)) {
      return Optional.of("Vary selects another variant");
    }
    return Optional.empty();
  }

  /** The status the failure would have produced, or 0 when it is not an RFC 5861 error. */
  static int errorStatus(Diagnosis failure) {
    if (failure.status().isPresent()) {
      int status = failure.status().getAsInt();
      return status == 500 || status == 502 || status == 503 || status == 504 ? status : 0;
    }
    return switch (failure.kind()) {
      case CANCELED -> 0;
      case DNS_TIMEOUT,
          CONNECTION_TIMEOUT,
          CONNECTION_READ_TIMEOUT,
          CONNECTION_WRITE_TIMEOUT,
          HTTP_RESPONSE_TIMEOUT,
          GATEWAY_TIMEOUT ->
          504;
      case DESTINATION_UNAVAILABLE, CONNECTION_LIMIT_REACHED, SERVICE_UNAVAILABLE, RATE_LIMITED ->
          503;
      case ORIGIN_ERROR, PROXY_INTERNAL_ERROR -> 500;
      default -> 502;
    };
  }

  private Route routeFor(CacheKey key) {
    String target = key.target();
    int q = target.indexOf('?');
    return routeForPath(q < 0 ? target : target.substring(0, q));
  }

  private Route routeForPath(String path) {
    Route exact = exactRoutes.get(path);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Route> prefix : prefixRoutes) {
      if (path.startsWith(prefix.getKey())) {
        return prefix.getValue();
      }
    }
    return defaults;
  }

  private static boolean hasBody(Headers req) {
    if (req.contains("Transfer-Encoding")) {
      return true;
    }
    Optional<String> length = req.first("Content-Length");
    return length.isPresent() && !length.get().strip().equals("0");
  }

  private Headers storedFields(Headers res, boolean dropSetCookie) {
    List<String> connectionListed = new ArrayList<>();
    for (String connection : res.values("Connection")) {
      for (String name : connection.split(",")) {
        connectionListed.add(name.strip().toLowerCase(Locale.ROOT));
      }
    }
    Headers.Builder out = Headers.builder();
    for (Headers.Field field : res) {
      String lower = field.name().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || lower.startsWith("proxy-")
          || connectionListed.contains(lower)
          || (dropSetCookie && lower.equals("set-cookie"))) {
        continue;
      }
      out.addLenient(field.name(), field.value());
    }
    return out.build();
  }

  private static String printable(String value) {
    return value.length() > 32 ? value.substring(0, 32) + "..." : value;
  }

  /**
   * The operator's stale windows for a route. Defaults: no stale-if-error without a directive
   * ({@link Duration#ZERO}), a cap of {@value #DEFAULT_MAX_STALE_IF_ERROR_SECONDS} seconds on any
   * stale-if-error window, no stale-while-revalidate without a directive, a cap of {@value
   * #DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS} seconds on it, and requests with {@code Cookie}
   * not stored. Immutable and thread-safe.
   */
  public static final class Route {

    /** Default cap on stale-if-error, in seconds: {@value} (one day). */
    public static final long DEFAULT_MAX_STALE_IF_ERROR_SECONDS = 86_400;

    /** Default cap on stale-while-revalidate, in seconds: {@value} (one hour). */
    public static final long DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS = 3_600;

    private static final int[] ERROR_STATUSES = {500, 502, 503, 504};
    private static final Route DEFAULTS = builder().build();

    final long defaultSie;
    final long maxSie;
    final Map<Integer, Long> sieCapByStatus;
    final long defaultSwr;
    final long maxSwr;
    final boolean storeCookieRequests;

    private Route(RouteBuilder b) {
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
    public static RouteBuilder builder() {
      return new RouteBuilder();
    }

    /**
     * Returns the route with every default.
     *
     * @return a shared instance
     */
    public static Route defaults() {
      return DEFAULTS;
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

    /** The smaller of the directive (response, then request; both: the smaller) and the cap. */
    long window(long responseDirective, long requestDirective, long fallback, long cap) {
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
  }

  /** Builds a {@link Route}. Not thread-safe. */
  public static final class RouteBuilder {
    private long defaultSie;
    private long maxSie = Route.DEFAULT_MAX_STALE_IF_ERROR_SECONDS;
    private final Map<Integer, Long> sieCapByStatus = new LinkedHashMap<>();
    private long defaultSwr;
    private long maxSwr = Route.DEFAULT_MAX_STALE_WHILE_REVALIDATE_SECONDS;
    private boolean storeCookieRequests;

    private RouteBuilder() {}

    /**
     * Sets the stale-if-error window for responses without the directive. Default: zero (off).
     *
     * @param window zero or more; fractions of a second are dropped
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code window} is negative
     */
    public RouteBuilder defaultStaleIfError(Duration window) {
      defaultSie = seconds("defaultStaleIfError", window);
      return this;
    }

    /**
     * Sets the cap on every stale-if-error window. Default: one day.
     *
     * @param cap zero or more; fractions of a second are dropped; zero turns stale-if-error off
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public RouteBuilder maxStaleIfError(Duration cap) {
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
    public RouteBuilder maxStaleIfError(int status, Duration cap) {
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
    public RouteBuilder defaultStaleWhileRevalidate(Duration window) {
      defaultSwr = seconds("defaultStaleWhileRevalidate", window);
      return this;
    }

    /**
     * Sets the cap on every stale-while-revalidate window. Default: one hour.
     *
     * @param cap zero or more; fractions of a second are dropped; zero turns it off
     * @return this builder
     * @throws NullPointerException if {@code cap} is null
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public RouteBuilder maxStaleWhileRevalidate(Duration cap) {
      maxSwr = seconds("maxStaleWhileRevalidate", cap);
      return this;
    }

    /**
     * Whether a shared cache stores responses to requests with {@code Cookie} on this route; only
     * for routes whose pages do not depend on the cookie. Default: false.
     *
     * @param value true to store them
     * @return this builder
     */
    public RouteBuilder storeCookieRequests(boolean value) {
      storeCookieRequests = value;
      return this;
    }

    /**
     * Returns the route with the settings made so far.
     *
     * @return an immutable route
     */
    public Route build() {
      return new Route(this);
    }

    private static long seconds(String name, Duration value) {
      requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
      }
      return Math.min(value.getSeconds(), Syntax.DELTA_SECONDS_MAX);
    }
  }

  /**
   * Builds a {@link StalePolicy}. Defaults: route rules {@link Route#defaults()}, no per-path
   * routes, cache name {@value #DEFAULT_CACHE_NAME}, bodies up to {@value #DEFAULT_MAX_BODY_BYTES}
   * bytes, {@code Set-Cookie} responses not stored by a shared cache (a private cache stores them
   * without the field), no {@code detail} in {@code Cache-Status}, the unkeyed request fields
   * {@link #DEFAULT_UNKEYED_REQUEST_FIELDS} refused by a shared cache, and no RFC 9213 target
   * fields. Not thread-safe.
   */
  public static final class Builder {
    private final boolean shared;
    private String cacheName = DEFAULT_CACHE_NAME;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private SetCookie setCookie;
    private boolean exposeDetail;
    private List<String> unkeyedFields = DEFAULT_UNKEYED_REQUEST_FIELDS;
    private List<String> targetFields = List.of();
    private Route defaults = Route.defaults();
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private Builder(boolean shared) {
      this.shared = shared;
      this.setCookie = shared ? SetCookie.DO_NOT_STORE : SetCookie.STORE_WITHOUT;
    }

    /**
     * Sets the name written in {@code Cache-Status}. Default: {@value #DEFAULT_CACHE_NAME}.
     *
     * @param name non-empty
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

    /**
     * Sets the RFC 9213 targeted fields, most specific first, for example {@code
     * CDN-Cache-Control}. Default: none.
     *
     * @param fields field names; copied
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     */
    public Builder targetFields(List<String> fields) {
      targetFields = List.copyOf(requireNonNull(fields, "fields"));
      return this;
    }

    /**
     * Sets the rules for paths no route matches. Default: {@link Route#defaults()}.
     *
     * @param route the rules
     * @return this builder
     * @throws NullPointerException if {@code route} is null
     */
    public Builder defaults(Route route) {
      defaults = requireNonNull(route, "route");
      return this;
    }

    /**
     * Rules for one path: an exact raw path such as {@code /prices}, or a prefix ending in {@code
     * *} such as {@code /static/*}; an exact match wins, then the longest prefix.
     *
     * @param pathPattern a raw path starting with {@code /}, optionally ending in {@code *}
     * @param route the rules for it
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code pathPattern} does not start with {@code /}
     * @throws IllegalStateException if {@code pathPattern} was already given a route
     */
    public Builder route(String pathPattern, Route route) {
      requireNonNull(pathPattern, "pathPattern");
      requireNonNull(route, "route");
      if (!pathPattern.startsWith("/")) {
        throw new IllegalArgumentException(
            "pathPattern: \"" + pathPattern + "\" (expected: starting with /)");
      }
      if (routes.containsKey(pathPattern)) {
        throw new IllegalStateException("route " + pathPattern + " was already set");
      }
      routes.put(pathPattern, route);
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
