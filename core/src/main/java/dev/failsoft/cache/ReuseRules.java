package dev.failsoft.cache;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import java.time.Instant;
import java.util.Optional;

/**
 * RFC 9111 §4 (reusing a stored response) and RFC 5861 (serving it stale on an error or while it is
 * revalidated): pure functions of the request, the stored copy, the clock reading and the policy's
 * settings.
 */
final class ReuseRules {
  private ReuseRules() {}

  /** The part of a reuse decision that reads the stored response. */
  private interface Rule {
    StaleDecision decide(CacheControl directives, Freshness freshness);
  }

  static StaleDecision fresh(
      StalePolicy policy, RequestHead request, StoredResponse stored, Instant now) {
    return evaluate(
        policy,
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
          CacheStatus.Builder status =
              CacheStatus.builder(policy.cacheName()).hit().ttl(f.ttlSeconds());
          return serve("fresh: " + f.ttlSeconds() + "s left", f, status);
        });
  }

  static StaleDecision staleIfError(
      StalePolicy policy,
      RequestHead request,
      StoredResponse stored,
      Diagnosis failure,
      Instant now,
      StaleCache.Reason reason) {
    int errorStatus = errorStatus(failure);
    if (errorStatus == 0) {
      return StaleDecision.refuse(
          "not an error: status " + failure.status().orElse(0), 0, failure.status().orElse(502));
    }
    return evaluate(
        policy,
        request,
        stored,
        now,
        errorStatus,
        true,
        (cc, f) -> {
          StaleWindows windows = policy.windows();
          long requestSie = CacheControl.of(request.headers()).staleIfError;
          long window =
              StaleWindows.window(
                  cc.staleIfError, requestSie, windows.defaultSie, windows.sieCap(errorStatus));
          long staleness = f.stalenessSeconds();
          if (f.isFresh() || (staleness <= window && window > 0)) {
            CacheStatus.Builder status =
                CacheStatus.builder(policy.cacheName()).ttl(f.ttlSeconds());
            if (reason == StaleCache.Reason.CIRCUIT_OPEN) {
              // The upstream was not asked: a hit, not a forward (RFC 9211 §2.1).
              status.hit();
            } else {
              status.fwd(CacheStatus.Fwd.STALE);
            }
            if (reason == StaleCache.Reason.ERROR) {
              failure.status().ifPresent(status::fwdStatus);
            }
            if (policy.exposeDetail()) {
              status.detail(reason.detail());
            }
            return serve(
                reason.detail() + ": " + staleness + "s stale within " + window + "s", f, status);
          }
          return StaleDecision.refuse(
              window == 0
                  ? "stale-if-error is off for this response"
                  : "too stale: " + staleness + "s over a window of " + window + "s",
              f.ttlSeconds(),
              errorStatus);
        });
  }

  static StaleDecision whileRevalidating(
      StalePolicy policy, RequestHead request, StoredResponse stored, Instant now) {
    return evaluate(
        policy,
        request,
        stored,
        now,
        504,
        true,
        (cc, f) -> {
          long window = policy.windows().staleWhileRevalidate(cc.staleWhileRevalidate);
          long staleness = f.stalenessSeconds();
          if (!f.isFresh() && window > 0 && staleness <= window) {
            CacheStatus.Builder status =
                CacheStatus.builder(policy.cacheName()).hit().ttl(f.ttlSeconds());
            if (policy.exposeDetail()) {
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

  /**
   * Refuses when {@code stored} cannot answer {@code request} or, for a stale rule, when its
   * directives forbid stale; otherwise applies {@code rule}.
   */
  private static StaleDecision evaluate(
      StalePolicy policy,
      RequestHead request,
      StoredResponse stored,
      Instant now,
      int refusedStatus,
      boolean staleRule,
      Rule rule) {
    Optional<String> mismatch = mismatch(request, stored);
    if (mismatch.isPresent()) {
      return StaleDecision.refuse(mismatch.get(), 0, refusedStatus);
    }
    CacheControl cc = policy.directives(stored);
    Freshness f = Freshness.of(stored, cc, policy.isShared(), now);
    Optional<String> forbidden = staleRule ? staleForbidden(policy, cc) : Optional.empty();
    if (forbidden.isPresent()) {
      // RFC 9111 §4.2.4 and §5.2.2.2: the error goes through, as a 504 under must-revalidate.
      return StaleDecision.refuse(
          "stale forbidden: response has " + forbidden.get(),
          f.ttlSeconds(),
          cc.mustRevalidate ? 504 : refusedStatus);
    }
    return rule.decide(cc, f);
  }

  private static StaleDecision serve(String why, Freshness f, CacheStatus.Builder status) {
    Headers add =
        Headers.of(
            "Age",
            Long.toString(Math.min(f.ageSeconds(), 2_147_483_648L)),
            CacheStatus.HEADER,
            status.build().toString());
    return new StaleDecision(true, why, add, f.ttlSeconds(), 0);
  }

  /** Why this response can never be served stale, if it cannot (RFC 9111 §4.2.4). */
  static Optional<String> staleForbidden(StalePolicy policy, CacheControl cc) {
    if (cc.noCache) {
      return Optional.of("no-cache");
    }
    if (cc.mustRevalidate) {
      return Optional.of("must-revalidate");
    }
    if (policy.isShared() && cc.proxyRevalidate) {
      return Optional.of("proxy-revalidate");
    }
    if (policy.isShared() && cc.sMaxAge >= 0) {
      // §5.2.2.10: s-maxage implies proxy-revalidate for a shared cache.
      return Optional.of("s-maxage");
    }
    return Optional.empty();
  }

  /** Why {@code stored} cannot answer {@code request} at all, if it cannot. */
  private static Optional<String> mismatch(RequestHead request, StoredResponse stored) {
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

  /**
   * The status the failure would have produced, or 0 when it is not an RFC 5861 error (500, 502,
   * 503, 504): the one definition of which failures a stored copy may replace.
   */
  static int errorStatus(Diagnosis failure) {
    if (failure.status().isPresent()) {
      int status = failure.status().getAsInt();
      return StalePolicy.isErrorStatus(status) ? status : 0;
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
}
