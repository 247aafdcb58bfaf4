package dev.failsoft.cache;

import dev.failsoft.cache.internal.Syntax;
import dev.failsoft.http.Framing;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 9111 §3: whether a response may be stored, which of its fields, and for how long a store
 * keeps it; plus the write-coalescing check of {@link StalePolicy#isUnchanged}. Pure functions of
 * their arguments and the policy's settings.
 */
final class StorageRules {
  // RFC 9110 §7.6.1 and RFC 9111 §3.1: never stored.
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private static final Set<Integer> STORABLE_STATUSES =
      Set.of(200, 203, 204, 300, 301, 302, 307, 308, 404, 405, 410);

  private StorageRules() {}

  static StoreDecision mayStore(StalePolicy policy, RequestHead request, ResponseHead response) {
    boolean shared = policy.isShared();
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return StoreDecision.no("method " + method + " is not cached");
    }
    Headers req = request.headers();
    Headers res = response.headers();
    Optional<String> framing = Framing.error(res);
    if (framing.isPresent()) {
      // RFC 9112 §6.3: a response whose length cannot be told is an error, never a copy to replay.
      return StoreDecision.no("framing is invalid: " + framing.get());
    }
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
    CacheControl cc = policy.directives(res);
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
          "request has Authorization and response lacks public, s-maxage or must-revalidate");
    }
    for (String vary : res.values("Vary")) {
      if (vary.indexOf('*') >= 0) {
        return StoreDecision.no("response has Vary: *");
      }
    }
    if (shared && req.contains("Cookie") && !policy.windows().storeCookieRequests()) {
      return StoreDecision.no("request has Cookie and the route does not opt in");
    }
    if (shared) {
      for (String field : policy.unkeyedRequestFields()) {
        if (req.contains(field)) {
          return StoreDecision.no("request has unkeyed field " + field);
        }
      }
    }
    boolean hasSetCookie = res.contains("Set-Cookie");
    if (hasSetCookie && shared && policy.setCookie() == StalePolicy.SetCookie.DO_NOT_STORE) {
      return StoreDecision.no("response has Set-Cookie");
    }
    Optional<String> length = res.first("Content-Length");
    if (length.isPresent()) {
      // Framing.error let only equal repeats ("5, 5") through: the first is the length.
      String first = length.get();
      int comma = first.indexOf(',');
      long bytes = Syntax.deltaSeconds(comma < 0 ? first : first.substring(0, comma).strip());
      if (bytes < 0 || bytes > policy.maxBodyBytes()) {
        return StoreDecision.no(
            "Content-Length "
                + printable(length.get())
                + " is over the cap of "
                + policy.maxBodyBytes()
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

  /** Remaining freshness plus the largest stale window any error status could get. */
  static Duration retention(StalePolicy policy, StoredResponse stored, Instant now) {
    CacheControl cc = policy.directives(stored);
    Freshness freshness = Freshness.of(stored, cc, policy.isShared(), now);
    long window = 0;
    if (ReuseRules.staleForbidden(policy, cc).isEmpty()) {
      StaleWindows windows = policy.windows();
      window =
          Math.max(
              windows.largestStaleIfError(cc.staleIfError),
              windows.staleWhileRevalidate(cc.staleWhileRevalidate));
    }
    return Duration.ofSeconds(Math.max(0, freshness.ttlSeconds() + window));
  }

  static boolean isUnchanged(
      StalePolicy policy,
      StoredResponse stored,
      ResponseHead response,
      ByteBuffer body,
      Instant now) {
    ByteBuffer storedBody = stored.body();
    if (stored.status() != response.status() || storedBody.remaining() != body.remaining()) {
      return false;
    }
    Headers was = stored.head().headers();
    Headers is = response.headers();
    for (String field : StalePolicy.UNCHANGED_FIELDS) {
      if (!was.combined(field).equals(is.combined(field))) {
        return false;
      }
    }
    // Duration.between cannot overflow between two Instants; toEpochMilli can, at the extremes.
    Duration sinceReceipt = Duration.between(stored.responseTime(), now);
    if (!sinceReceipt.isNegative()
        && sinceReceipt.compareTo(StalePolicy.UNCHANGED_REFRESH_INTERVAL) < 0) {
      return true;
    }
    if (!Freshness.of(stored, policy.directives(stored), policy.isShared(), now).isFresh()) {
      return false;
    }
    return was.contains("ETag") || storedBody.equals(body);
  }

  private static boolean hasBody(Headers req) {
    if (req.contains("Transfer-Encoding")) {
      return true;
    }
    Optional<String> length = req.first("Content-Length");
    return length.isPresent() && !length.get().strip().equals("0");
  }

  private static Headers storedFields(Headers res, boolean dropSetCookie) {
    List<String> connectionListed = new ArrayList<>();
    for (String connection : res.values("Connection")) {
      for (String name : connection.split(",", -1)) {
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
}
