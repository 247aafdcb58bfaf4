package dev.failsoft.servlet.internal;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.CacheStatus;
import dev.failsoft.cache.StaleDecision;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StoreDecision;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.servlet.RouteRule;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The filter's questions put to core: core's shared-cache {@link StalePolicy} (one per route rule,
 * so the filter's servlet-path routing and core's rules never disagree), {@link CacheKey} and the
 * {@link StaleStore}. Thread-safe.
 */
public final class CoreKeeper {

  /** Why a stored copy is wanted; decides the {@code Cache-Status} member. */
  public enum Reason {
    /** The chain failed: core's own member ({@code fwd=stale; fwd-status}). */
    ERROR,
    /** The soft deadline passed: {@code fwd=stale; detail=soft-deadline}. */
    SOFT_DEADLINE,
    /** The breaker is open; the chain was not called: {@code hit; detail=circuit-open}. */
    CIRCUIT_OPEN
  }

  private final Map<RouteRule, StalePolicy> policies = new IdentityHashMap<>();
  private final StaleStore store;
  private final Clock clock;
  private final String cacheName;
  private final boolean detail;

  public CoreKeeper(
      List<RouteRule> rules,
      StaleStore store,
      Clock clock,
      String cacheName,
      boolean detail,
      int maxBodyBytes) {
    this.store = requireNonNull(store, "store");
    this.clock = clock;
    this.cacheName = cacheName;
    this.detail = detail;
    for (RouteRule rule : rules) {
      // The route's max-stale is both the window for responses without stale-if-error (the
      // operator's out-of-band contract, RFC 9111 §4.2.4) and the cap on any they carry.
      StalePolicy.Route route =
          StalePolicy.Route.builder()
              .defaultStaleIfError(rule.maxStale())
              .maxStaleIfError(rule.maxStale())
              .storeCookieRequests(rule.storeCookieRequests())
              .build();
      policies.put(
          rule,
          StalePolicy.shared()
              .cacheName(cacheName)
              .exposeDetail(detail)
              .maxBodyBytes(maxBodyBytes)
              .defaults(route)
              .build());
    }
  }

  private StalePolicy policy(RouteRule rule) {
    StalePolicy policy = policies.get(rule);
    if (policy == null) {
      throw new IllegalStateException("route rule " + rule + " was not configured");
    }
    return policy;
  }

  /** Returns the stored copy core allows for {@code request} after {@code failure}, marked. */
  public Optional<StaleCopy> staleCopy(
      RequestHead request, RouteRule rule, Diagnosis failure, Reason reason) {
    Optional<StoredResponse> stored = lookup(request);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredResponse copy = stored.get();
    StaleDecision decision = policy(rule).mayServeStale(request, copy, failure, clock.instant());
    if (!decision.serve()) {
      return Optional.empty();
    }
    long age = decision.headers().first("Age").map(CoreKeeper::parseLong).orElse(0L);
    Headers headers;
    if (reason == Reason.ERROR) {
      headers = decision.applyTo(copy.head().headers());
    } else {
      CacheStatus.Builder status = CacheStatus.builder(cacheName).ttl(decision.ttlSeconds());
      if (reason == Reason.CIRCUIT_OPEN) {
        status.hit();
      } else {
        status.fwd(CacheStatus.Fwd.STALE);
      }
      if (detail) {
        status.detail(reason == Reason.CIRCUIT_OPEN ? "circuit-open" : "soft-deadline");
      }
      headers =
          status
              .build()
              .appendTo(copy.head().headers().toBuilder().set("Age", Long.toString(age)).build());
    }
    return Optional.of(
        new StaleCopy(
            new ResponseHead(copy.head().status(), copy.head().reason(), headers),
            copy.body(),
            age));
  }

  private Optional<StoredResponse> lookup(RequestHead request) {
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Optional<StoredResponse> found = store.get(key.get(), request);
    if (found.isEmpty() && key.get().method().equals("HEAD")) {
      // A stored GET answers a HEAD (never the reverse: RFC 9111 §4, HTTPCLIENT-1920).
      found = store.get(key.get().withMethod("GET"), request);
    }
    return found;
  }

  /**
   * Offers a complete response for storage; core decides whether, which fields and how long. An
   * unchanged response leaves the stored copy as it is (see {@link StalePolicy#isUnchanged}), so
   * the success path of a popular page costs a lookup and a comparison, not a store write: only
   * {@code compared} (the status and {@link StalePolicy#UNCHANGED_FIELDS}) is read for that, and
   * only when a copy is stored; the full head is built only when the response may be stored. The
   * body view is asked for at most once, and only when it may be needed (a writer's body must be
   * encoded); it is copied only when stored.
   */
  public void offer(
      RequestHead request,
      RouteRule rule,
      Supplier<ResponseHead> compared,
      Supplier<ResponseHead> full,
      Supplier<ByteBuffer> bodyIfComplete,
      Instant requested,
      Instant received) {
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return;
    }
    StalePolicy policy = policy(rule);
    ByteBuffer body = null;
    Optional<StoredResponse> current = store.get(key.get(), request);
    if (current.isPresent()) {
      body = bodyIfComplete.get();
      if (body == null || policy.isUnchanged(current.get(), compared.get(), body, received)) {
        return;
      }
    }
    ResponseHead response = full.get();
    StoreDecision decision = policy.mayStore(request, response);
    if (!decision.store()) {
      return;
    }
    if (body == null) {
      body = bodyIfComplete.get();
    }
    if (body == null || body.remaining() > policy.maxBodyBytes()) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip();
    StoredResponse stored =
        StoredResponse.of(
            key.get(),
            request,
            new ResponseHead(response.status(), response.reason(), decision.storedHeaders()),
            copy,
            requested,
            received);
    Duration retention = policy.retention(stored, received);
    if (!retention.isZero() && !retention.isNegative()) {
      store.put(stored, retention);
    }
  }

  /** Removes what an unsafe method's success made obsolete (RFC 9111 §4.4). */
  public void invalidate(RequestHead request, RouteRule rule, ResponseHead response) {
    for (CacheKey key : policy(rule).invalidations(request, response)) {
      store.remove(key);
    }
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
