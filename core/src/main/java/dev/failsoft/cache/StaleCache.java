package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stale-if-error cache: the one sequence every adapter (servlet filter, OkHttp interceptor,
 * WebFlux, Netty) runs, over a {@link StalePolicy} and a {@link StaleStore}. An adapter only
 * translates: it shows core a response ({@link ResponseView}) and a request ({@link RequestHead}),
 * and writes back what core rendered ({@link StaleAnswer}, {@link #proxyStatus}).
 *
 * <ul>
 *   <li>{@link #offer}: a response arrived. Unsafe methods invalidate (RFC 9111 §4.4); a GET or
 *       HEAD response that may be stored (§3) is stored once its whole body is known, within the
 *       policy's body cap, unless it leaves the stored copy unchanged ({@link
 *       StalePolicy#isUnchanged}): the success path of a popular page costs a lookup and a
 *       comparison, not a store write.
 *   <li>{@link #serveInstead}: the forward failed, the circuit is open or a soft deadline passed.
 *       The stored copy is served when the policy allows (RFC 5861 §4), a stored GET answering a
 *       HEAD, marked with {@code Age} and a {@code Cache-Status} member that says why, answered
 *       with 304 when the client's conditional request matches, never with {@code Set-Cookie}.
 *   <li>{@link #proxyStatus}: the failure is passed on; the RFC 9209 member to add.
 * </ul>
 *
 * <p>A failing store never fails a request: its exceptions are logged and read as a miss. Immutable
 * and thread-safe.
 */
public final class StaleCache {
  private static final Logger log = LoggerFactory.getLogger(StaleCache.class);

  /** Why a stored copy is wanted instead of the upstream's answer. */
  public enum Reason {
    /**
     * The upstream failed: {@code Cache-Status: NAME; fwd=stale; fwd-status=…} (detail {@code
     * stale-if-error}).
     */
    ERROR("stale-if-error"),
    /**
     * No answer within the route's soft deadline: {@code fwd=stale} (detail {@code soft-deadline}).
     */
    SOFT_DEADLINE("soft-deadline"),
    /**
     * The circuit breaker is open and the upstream was not asked: {@code hit} (detail {@code
     * circuit-open}).
     */
    CIRCUIT_OPEN("circuit-open");

    private final String detail;

    Reason(String detail) {
      this.detail = detail;
    }

    /**
     * Returns the {@code detail} written in {@code Cache-Status} when the policy exposes detail.
     *
     * @return a short token
     */
    public String detail() {
      return detail;
    }
  }

  /**
   * A response as an adapter can show it to core, read only as far as a decision needs: a popular
   * page whose stored copy is unchanged is decided on its status and {@link
   * StalePolicy#UNCHANGED_FIELDS} alone, so an adapter whose fields are costly to copy copies only
   * those.
   */
  public interface ResponseView {
    /**
     * Returns the status.
     *
     * @return an HTTP status
     */
    int status();

    /**
     * Returns the fields named in {@code names} (compared case-insensitively), in the order the
     * response holds them; other fields may be left out.
     *
     * @param names field names
     * @return at least those fields the response has
     */
    Headers fields(List<String> names);

    /**
     * Returns every field.
     *
     * @return the fields
     */
    Headers fields();

    /**
     * Returns a view of a response whose head is at hand.
     *
     * @param head the response head
     * @return a view reading {@code head}
     */
    static ResponseView of(ResponseHead head) {
      requireNonNull(head, "head");
      return new ResponseView() {
        @Override
        public int status() {
          return head.status();
        }

        @Override
        public Headers fields(List<String> names) {
          return head.headers();
        }

        @Override
        public Headers fields() {
          return head.headers();
        }
      };
    }
  }

  /**
   * A response admitted by {@link #offer}: give it the complete body. Not thread-safe; used once.
   */
  public final class Storing {
    private final RequestHead request;
    private final CacheKey key;
    private final ResponseView response;
    private final @Nullable StoredResponse current;
    private @Nullable StoreDecision decision;
    private final Instant sent;
    private final Instant received;

    private Storing(
        RequestHead request,
        CacheKey key,
        ResponseView response,
        @Nullable StoredResponse current,
        @Nullable StoreDecision decision,
        Instant sent,
        Instant received) {
      this.request = request;
      this.key = key;
      this.response = response;
      this.current = current;
      this.decision = decision;
      this.sent = sent;
      this.received = received;
    }

    /**
     * Returns the largest body that will be stored: copy at most this many bytes, and give up on
     * storing (call nothing) when the body is longer.
     *
     * @return bytes, 0 or more
     */
    public int maxBodyBytes() {
      return policy.maxBodyBytes();
    }

    /**
     * Stores the response with {@code body} when core allows, copying the bytes from the body's
     * position to its limit (the buffer is not changed and may be reused afterwards). Does nothing
     * when the response leaves the stored copy unchanged or the body is over {@link
     * #maxBodyBytes()}. Never throws for a failing store.
     *
     * @param body the complete body
     * @throws NullPointerException if {@code body} is null
     */
    public void complete(ByteBuffer body) {
      requireNonNull(body, "body");
      if (body.remaining() > policy.maxBodyBytes()) {
        return;
      }
      Instant now = clock.instant();
      if (current != null
          && policy.isUnchanged(
              current,
              ResponseHead.of(response.status(), response.fields(StalePolicy.UNCHANGED_FIELDS)),
              body,
              now)) {
        return;
      }
      ResponseHead head = ResponseHead.of(response.status(), response.fields());
      StoreDecision d = decision != null ? decision : policy.mayStore(request, head);
      if (!d.store()) {
        log.debug("{}: {}", key, d.why());
        return;
      }
      ByteBuffer copy = ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip();
      StoredResponse stored =
          StoredResponse.of(
              key,
              request,
              new ResponseHead(head.status(), head.reason(), d.storedHeaders()),
              copy,
              sent,
              received);
      try {
        store.put(stored, policy.retention(stored, now));
      } catch (RuntimeException e) {
        log.warn("Could not store {}", key, e);
      }
    }
  }

  private final StalePolicy policy;
  private final StaleStore store;
  private final Clock clock;
  private final boolean banner;

  private StaleCache(StalePolicy policy, StaleStore store, Clock clock, boolean banner) {
    this.policy = policy;
    this.store = store;
    this.clock = clock;
    this.banner = banner;
  }

  /**
   * Returns a cache that decides by {@code policy}, keeps copies in {@code store} and reads time
   * from {@code clock}; with {@code banner}, a stale HTML page gets a visible notice at the top of
   * its body.
   *
   * @param policy the rules
   * @param store where copies live
   * @param clock the time source for ages and retention
   * @param banner whether stale HTML pages carry a visible notice
   * @return a thread-safe cache
   * @throws NullPointerException if an argument is null
   */
  public static StaleCache of(StalePolicy policy, StaleStore store, Clock clock, boolean banner) {
    return new StaleCache(
        requireNonNull(policy, "policy"),
        requireNonNull(store, "store"),
        requireNonNull(clock, "clock"),
        banner);
  }

  /**
   * Returns the rules this cache decides by.
   *
   * @return the policy
   */
  public StalePolicy policy() {
    return policy;
  }

  /**
   * Returns where this cache keeps its copies.
   *
   * @return the store
   */
  public StaleStore store() {
    return store;
  }

  /**
   * Offers a response that arrived for {@code request}: removes what an unsafe method's success
   * made obsolete (RFC 9111 §4.4), and returns where to send the complete body when the response
   * may be stored. Empty when nothing will be stored, so the adapter copies no body.
   *
   * @param request the request the response answers
   * @param response the response, read as far as needed
   * @param sent when the request was sent
   * @param received when the response head arrived
   * @return the storing step, or empty
   * @throws NullPointerException if an argument is null
   */
  public Optional<Storing> offer(
      RequestHead request, ResponseView response, Instant sent, Instant received) {
    requireNonNull(request, "request");
    requireNonNull(response, "response");
    requireNonNull(sent, "sent");
    requireNonNull(received, "received");
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      invalidate(request, response.status());
      return Optional.empty();
    }
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    // The success path never waits on a remote store: only a copy held locally is compared.
    StoredResponse current = peek(key.get(), request).orElse(null);
    StoreDecision decision = null;
    if (current == null) {
      decision = policy.mayStore(request, ResponseHead.of(response.status(), response.fields()));
      if (!decision.store()) {
        log.debug("{}: {}", key.get(), decision.why());
        return Optional.empty();
      }
    }
    return Optional.of(
        new Storing(request, key.get(), response, current, decision, sent, received));
  }

  private void invalidate(RequestHead request, int status) {
    for (CacheKey key : policy.invalidations(request, ResponseHead.of(status, Headers.empty()))) {
      try {
        store.remove(key);
      } catch (RuntimeException e) {
        log.warn("Could not remove {}", key, e);
      }
    }
  }

  /**
   * Returns the stored copy to send instead of the upstream's answer, when the policy allows one
   * for {@code failure} (RFC 5861 §4), rendered for {@code request}: see {@link StaleAnswer}.
   *
   * @param request the client's request
   * @param failure what went wrong (for {@link Reason#CIRCUIT_OPEN}, {@link Diagnosis#circuitOpen};
   *     for {@link Reason#SOFT_DEADLINE}, {@link Diagnosis#softDeadlinePassed})
   * @param reason why a copy is wanted; decides the {@code Cache-Status} member
   * @return the answer, or empty when no stored copy may be served
   * @throws NullPointerException if an argument is null
   */
  public Optional<StaleAnswer> serveInstead(RequestHead request, Diagnosis failure, Reason reason) {
    requireNonNull(request, "request");
    requireNonNull(failure, "failure");
    requireNonNull(reason, "reason");
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Optional<StoredResponse> found = read(key.get(), request);
    if (found.isEmpty() && key.get().method().equals("HEAD")) {
      // A stored GET answers a HEAD (never the reverse: RFC 9111 §4, HTTPCLIENT-1920).
      found = read(key.get().withMethod("GET"), request);
    }
    return found.flatMap(copy -> answer(request, copy, failure, reason));
  }

  /**
   * Does what {@link #serveInstead} does without blocking the calling thread: the form for an event
   * loop, reading the store through {@link StaleStore#getAsync}. The stage never completes
   * exceptionally; a failing store reads as no copy.
   *
   * @param request the client's request
   * @param failure what went wrong
   * @param reason why a copy is wanted
   * @return a stage with the answer, or empty
   * @throws NullPointerException if an argument is null
   */
  public CompletionStage<Optional<StaleAnswer>> serveInsteadAsync(
      RequestHead request, Diagnosis failure, Reason reason) {
    requireNonNull(request, "request");
    requireNonNull(failure, "failure");
    requireNonNull(reason, "reason");
    Optional<CacheKey> key = CacheKey.of(request);
    if (key.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return readAsync(key.get(), request)
        .thenCompose(
            found -> {
              if (found.isEmpty() && key.get().method().equals("HEAD")) {
                return readAsync(key.get().withMethod("GET"), request);
              }
              return CompletableFuture.completedFuture(found);
            })
        .thenApply(found -> found.flatMap(copy -> answer(request, copy, failure, reason)));
  }

  /**
   * Returns the {@code Proxy-Status} field value to send when {@code failure} is passed on: the
   * members already present ({@code existing}, from hops nearer the origin, RFC 9209 §2) first,
   * then this cache's.
   *
   * @param existing the response's present {@code Proxy-Status} values, possibly none
   * @param failure the diagnosis
   * @return the field value
   * @throws NullPointerException if an argument is null
   */
  public String proxyStatus(List<String> existing, Diagnosis failure) {
    return ProxyStatus.field(existing, policy.cacheName(), failure);
  }

  private Optional<StaleAnswer> answer(
      RequestHead request, StoredResponse copy, Diagnosis failure, Reason reason) {
    StaleDecision decision =
        ReuseRules.staleIfError(policy, request, copy, failure, clock.instant(), reason);
    if (!decision.serve()) {
      log.debug("{}: stale copy not served: {}", copy.key(), decision.why());
      return Optional.empty();
    }
    long age = decision.headers().first("Age").map(StaleCache::parseAge).orElse(0L);
    Headers marked = decision.applyTo(copy.head().headers());
    boolean notModified = Conditionals.notModified(request.headers(), marked);
    ByteBuffer body = copy.body();
    boolean withBanner = banner && !notModified && body.hasRemaining() && StaleBanner.fits(marked);
    if (withBanner) {
      byte[] html = new byte[body.remaining()];
      body.get(html);
      body = ByteBuffer.wrap(StaleBanner.insert(html, age));
    }
    Headers.Builder out = Headers.builder();
    for (Headers.Field field : marked) {
      String name = field.name();
      if (neverReplayed(name) || (notModified && !keptOn304(name))) {
        continue;
      }
      if (withBanner && name.equalsIgnoreCase("ETag") && !field.value().startsWith("W/")) {
        // The banner changes the bytes, so the validator can no longer be strong (RFC 9110 §8.8.1).
        out.addLenient(name, "W/" + field.value());
      } else if (!(withBanner && name.equalsIgnoreCase("Content-MD5"))) {
        out.addLenient(name, field.value());
      }
    }
    boolean sendsBody = !notModified && !request.method().equals("HEAD");
    return Optional.of(
        new StaleAnswer(
            notModified ? 304 : copy.status(),
            notModified ? "Not Modified" : copy.head().reason(),
            out.build(),
            sendsBody ? body : ByteBuffer.allocate(0),
            notModified ? -1 : body.remaining(),
            age,
            reason));
  }

  private Optional<StoredResponse> read(CacheKey key, RequestHead request) {
    try {
      return store.get(key, request);
    } catch (RuntimeException e) {
      log.warn("Could not read the stale store for {}", key, e);
      return Optional.empty();
    }
  }

  private Optional<StoredResponse> peek(CacheKey key, RequestHead request) {
    try {
      return store.peek(key, request);
    } catch (RuntimeException e) {
      log.warn("Could not read the stale store for {}", key, e);
      return Optional.empty();
    }
  }

  private CompletionStage<Optional<StoredResponse>> readAsync(CacheKey key, RequestHead request) {
    CompletionStage<Optional<StoredResponse>> stage;
    try {
      stage = store.getAsync(key, request);
    } catch (RuntimeException e) {
      log.warn("Could not read the stale store for {}", key, e);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return stage.exceptionally(
        e -> {
          log.warn("Could not read the stale store for {}", key, e);
          return Optional.empty();
        });
  }

  /**
   * Fields never sent with a stored copy: the framing fields the adapter's server writes for the
   * body it sends, and — a second line of defence behind the storage rules — {@code Set-Cookie}.
   */
  private static boolean neverReplayed(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "set-cookie", "set-cookie2", "content-length", "transfer-encoding" -> true;
      default -> false;
    };
  }

  /** RFC 9110 §15.4.5: the fields a 304 carries. */
  private static boolean keptOn304(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cache-control",
          "content-location",
          "date",
          "etag",
          "expires",
          "vary",
          "last-modified",
          "cache-status",
          "age" ->
          true;
      default -> false;
    };
  }

  private static long parseAge(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
