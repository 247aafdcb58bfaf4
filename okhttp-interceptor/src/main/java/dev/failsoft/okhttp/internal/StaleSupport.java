package dev.failsoft.okhttp.internal;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StaleDecision;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StoreDecision;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stale-if-error for one client: keeps copies of storable responses and, after a final failure,
 * answers with one when core's {@link StalePolicy} allows. Every rule — what may be stored, for how
 * long, when stale may be served, which headers mark it — is core's; this class only moves bytes
 * between OkHttp and the {@link StaleStore}. Thread-safe.
 */
final class StaleSupport {
  private static final Logger log = LoggerFactory.getLogger(StaleSupport.class);

  private final StalePolicy policy;
  private final StaleStore store;
  private final Clock clock;

  StaleSupport(StalePolicy policy, StaleStore store, Clock clock) {
    this.policy = policy;
    this.store = store;
    this.clock = clock;
  }

  /** Returns the largest body copied for storing, in bytes. */
  long cap() {
    return policy.maxBodyBytes();
  }

  /**
   * Returns what receives {@code response}'s complete body to store it, or null when it may not be
   * stored; removes the entries an unsafe method's success invalidates (RFC 9111 §4.4).
   */
  WatchedBody.OnComplete storer(
      RequestHead request, Response response, Instant sent, Instant received) {
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      if (response.isSuccessful() || response.isRedirect()) {
        for (CacheKey key : policy.invalidations(request, Heads.response(response))) {
          store.remove(key);
        }
      }
      return null;
    }
    if (response.networkResponse() == null) {
      // Answered by OkHttp's own Cache: the copy kept when it came from the network still holds.
      return null;
    }
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return null;
    }
    ResponseHead head = Heads.response(response);
    StoreDecision decision = policy.mayStore(request, head);
    if (!decision.store()) {
      log.debug("{}: {}", key.get(), decision.why());
      return null;
    }
    ResponseHead stored = new ResponseHead(head.status(), head.reason(), decision.storedHeaders());
    return body -> {
      try {
        StoredResponse entry = StoredResponse.of(key.get(), request, stored, body, sent, received);
        store.put(entry, policy.retention(entry, clock.instant()));
      } catch (RuntimeException e) {
        // A failing store must not fail the caller's read of a good response.
        log.warn("Could not store {}", key.get(), e);
      }
    };
  }

  /** Returns a stored copy to serve instead of {@code failure}, when the policy allows one. */
  Optional<Response> serve(
      Request request, RequestHead head, Diagnosis failure, FailureReport report) {
    Optional<CacheKey> key = CacheKey.of(head);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Optional<StoredResponse> stored;
    try {
      stored = store.get(key.get(), head);
    } catch (RuntimeException e) {
      log.warn("Could not read the stale store for {}", key.get(), e);
      return Optional.empty();
    }
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredResponse copy = stored.get();
    StaleDecision decision = policy.mayServeStale(head, copy, failure, clock.instant());
    if (!decision.serve()) {
      log.debug("{}: stale copy not served: {}", key.get(), decision.why());
      return Optional.empty();
    }
    okhttp3.Headers headers = Heads.okhttp(decision.applyTo(copy.head().headers()));
    String type = headers.get("Content-Type");
    MediaType mediaType = type == null ? null : MediaType.parse(type);
    ResponseBody body = ResponseBody.create(copy.bodyBytes(), mediaType);
    return Optional.of(
        new Response.Builder()
            .request(report.attachTo(request))
            .protocol(Protocol.HTTP_1_1)
            .code(copy.status())
            .message(copy.head().reason())
            .headers(headers)
            .body(body)
            .sentRequestAtMillis(copy.requestTime().toEpochMilli())
            .receivedResponseAtMillis(copy.responseTime().toEpochMilli())
            .build());
  }
}
