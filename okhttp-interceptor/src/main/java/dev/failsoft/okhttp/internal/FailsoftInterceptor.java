package dev.failsoft.okhttp.internal;

import dev.failsoft.cache.ProxyStatus;
import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.cache.StaleCache;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.http.RequestHead;
import dev.failsoft.okhttp.Attempt;
import dev.failsoft.okhttp.UpstreamFailureException;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
import dev.failsoft.policy.Outcome;
import dev.failsoft.policy.RetryBudget;
import dev.failsoft.policy.RetryDecision;
import dev.failsoft.policy.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application interceptor: runs the attempts of one call, diagnoses each failure with the phase
 * it reached, asks core's {@link RetryPolicy} what to do (with the host's {@link RetryBudget} and
 * {@link CircuitBreaker}), waits between attempts without holding a connection or a lock, and on a
 * final failure serves a stale copy, returns the failure response marked, or throws {@link
 * UpstreamFailureException}.
 *
 * <p>The success path allocates one small state object and one body wrapper per call and takes no
 * lock. Thread-safe; one instance serves every call of a client.
 */
public final class FailsoftInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(FailsoftInterceptor.class);

  /** The longest single park; a missed cancel event is noticed within this. */
  private static final long PARK_SLICE_NANOS = 50_000_000L;

  private final CallRegistry registry;
  private final Diagnoser diagnoser;
  private final RetryPolicy policy;
  private final HostRegistry<CircuitBreaker> breakers;
  private final HostRegistry<RetryBudget> budgets;
  private final FailsoftListener listener;
  private final @Nullable StaleCache stale;
  private final Sleeper sleeper;
  private final Clock clock;
  private final boolean proxyStatus;

  /** Creates the interceptor; {@code stale} null turns stale-if-error off. */
  public FailsoftInterceptor(
      CallRegistry registry,
      Diagnoser diagnoser,
      Protection protection,
      @Nullable Stale stale,
      Sleeper sleeper,
      Clock clock,
      boolean proxyStatus) {
    this.registry = registry;
    this.diagnoser = diagnoser;
    this.policy = protection.policy();
    this.breakers = protection.breakers();
    this.budgets = protection.budgets();
    this.listener = protection.listener();
    this.stale = stale == null ? null : StaleCache.of(stale.policy(), stale.store(), clock, false);
    this.sleeper = sleeper;
    this.clock = clock;
    this.proxyStatus = proxyStatus;
  }

  /** Core's retry policy, the per-host breakers and budgets, and the event listener. */
  public record Protection(
      RetryPolicy policy,
      HostRegistry<CircuitBreaker> breakers,
      HostRegistry<RetryBudget> budgets,
      FailsoftListener listener) {}

  /** The stale-if-error configuration: core's policy (private-cache profile) and store. */
  public record Stale(dev.failsoft.cache.StalePolicy policy, dev.failsoft.cache.StaleStore store) {}

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.tag(Bypass.class) != null) {
      return chain.proceed(request);
    }
    Call call = chain.call();
    CallState state = registry.enter(call);
    try {
      return execute(chain, call, request, state);
    } finally {
      registry.exit(call);
    }
  }

  private Response execute(Chain chain, Call call, Request request, CallState state)
      throws IOException {
    long start = sleeper.nanoTime();
    long timeout = call.timeout().timeoutNanos();
    long deadline = timeout > 0 ? start + timeout : Long.MAX_VALUE;
    String key = request.url().host() + ":" + request.url().port();
    CircuitBreaker breaker = breakers.get(key);
    RetryBudget budget = budgets.get(key);
    budget.recordRequest();
    @Nullable RequestHead head = null;
    List<Attempt> attempts = new ArrayList<>(0);
    Duration previousDelay = Duration.ZERO;
    for (int n = 1; ; n++) {
      head = head != null ? head : Heads.request(request);
      if (call.isCanceled()) {
        IOException canceled = new IOException("Canceled");
        Diagnosis d = diagnoser.diagnose(head, canceled, Phase.DNS);
        return giveUp(call, request, head, d, attempts, canceled);
      }
      if (!breaker.tryAcquirePermission()) {
        Diagnosis d = Diagnosis.circuitOpen(breaker.key(), breaker.isHeld());
        listener.onRetryDenied(
            key,
            n,
            RetryDecision.failFast(
                RetryDecision.Reason.BREAKER_OPEN,
                "circuit for " + key + (breaker.isHeld() ? " held by Retry-After" : " open")));
        return giveUp(
            call,
            request,
            head,
            d,
            attempts,
            new IOException("circuit for " + key + " is open; the request was not sent"));
      }
      listener.onAttempt(key, n);
      state.startAttempt();
      long began = sleeper.nanoTime();
      Instant sent = stale != null ? clock.instant() : null;
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        Phase phase = state.phase();
        Diagnosis d =
            phase == null ? diagnoser.diagnose(head, e) : diagnoser.diagnose(head, e, phase);
        RetryDecision next =
            afterFailure(
                key,
                call,
                request,
                n,
                d,
                breaker,
                budget,
                start,
                deadline,
                previousDelay,
                began,
                attempts);
        if (next.shouldRetry()) {
          previousDelay = next.delay();
          pause(call, state, next.delay().toNanos());
          continue;
        }
        return giveUp(call, request, head, d, attempts, e);
      }
      if (!Outcome.isFailureStatus(response.code())) {
        breaker.record(Outcome.SUCCESS);
        return success(request, head, response, n, began, sent, attempts);
      }
      Diagnosis d = diagnoser.diagnose(head, Heads.response(response), peek(response));
      RetryDecision next =
          afterFailure(
              key,
              call,
              request,
              n,
              d,
              breaker,
              budget,
              start,
              deadline,
              previousDelay,
              began,
              attempts);
      if (next.shouldRetry()) {
        // Every discarded response is closed before the next attempt, freeing its connection.
        response.close();
        previousDelay = next.delay();
        pause(call, state, next.delay().toNanos());
        continue;
      }
      return failed(call, request, head, response, d, attempts);
    }
  }

  /**
   * Records a failed attempt with the breaker and the listener and decides what follows: the
   * adapter's own facts first (canceled, one-shot body), then core's policy, then the call timeout,
   * which the policy does not know.
   */
  private RetryDecision afterFailure(
      String key,
      Call call,
      Request request,
      int n,
      Diagnosis d,
      CircuitBreaker breaker,
      RetryBudget budget,
      long start,
      long deadline,
      Duration previousDelay,
      long began,
      List<Attempt> attempts) {
    listener.onDiagnosis(key, d);
    breaker.record(Outcome.of(d));
    RetryDecision next;
    RequestBody body = request.body();
    long now = sleeper.nanoTime();
    if (call.isCanceled()) {
      next = RetryDecision.giveUp(RetryDecision.Reason.NOT_RETRYABLE, "the call was canceled");
    } else if (body != null && (body.isOneShot() || body.isDuplex())) {
      next =
          RetryDecision.giveUp(
              RetryDecision.Reason.NOT_RETRYABLE,
              "the request body is one-shot and cannot be sent again");
    } else {
      // Core decides without changing anything; the decision says whom to hold back (the whole
      // host, on a 503/429 Retry-After, while this call waits the hint out) and what to charge (a
      // retry from the host's budget), and is applied here once the call timeout has had its say,
      // so a retry that is not made costs no budget.
      next = policy.decide(d, n, Duration.ofNanos(now - start), previousDelay, budget, breaker);
      long left = deadline - now;
      if (next.shouldRetry() && next.delay().toNanos() >= left) {
        next =
            RetryDecision.giveUp(
                    RetryDecision.Reason.DEADLINE,
                    "waiting "
                        + millis(next.delay().toNanos())
                        + " would run past the call timeout ("
                        + millis(left)
                        + " left)")
                .holdingHostFor(next.holdHostFor());
      }
      next = next.applyTo(budget, breaker);
    }
    Attempt attempt = new Attempt(n, d, Duration.ofNanos(now - began), next);
    attempts.add(attempt);
    if (log.isDebugEnabled()) {
      log.debug("{} {} {}", request.method(), request.url().redact(), attempt);
    }
    if (next.shouldRetry()) {
      listener.onRetryScheduled(key, n, next);
    } else {
      listener.onRetryDenied(key, n, next);
    }
    return next;
  }

  /**
   * Waits {@code nanos} or until the call is canceled, holding no lock and — the failed attempt's
   * connection closed first — no connection.
   */
  private void pause(Call call, CallState state, long nanos) throws InterruptedIOException {
    long end = sleeper.nanoTime() + nanos;
    boolean real = sleeper.parksForReal();
    long realEnd = real ? System.nanoTime() + nanos : 0;
    state.dropConnection();
    state.waiter(Thread.currentThread());
    try {
      while (!call.isCanceled()) {
        long left = end - sleeper.nanoTime();
        if (real) {
          // A wait ends when the ticker or real time says so: a stopped ticker cannot hang a call.
          left = Math.min(left, realEnd - System.nanoTime());
        }
        if (left <= 0) {
          return;
        }
        sleeper.park(Math.min(left, PARK_SLICE_NANOS));
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting to retry");
        }
      }
    } finally {
      state.waiter(null);
    }
  }

  private Response success(
      Request request,
      RequestHead head,
      Response response,
      int n,
      long began,
      @Nullable Instant sent,
      List<Attempt> attempts) {
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    Optional<StaleCache.Storing> storing = Optional.empty();
    if (stale != null && sent != null && response.networkResponse() != null) {
      // A response OkHttp's own Cache answered is not offered: the copy kept when it came from
      // the network still holds.
      RequestHead h = head != null ? head : Heads.request(request);
      storing =
          stale.offer(
              h, StaleCache.ResponseView.of(Heads.response(response)), sent, clock.instant());
    }
    WatchedBody.OnFailure onFailure = e -> bodyFailure(request, e, n, began, attempts);
    WatchedBody.OnComplete storer =
        storing
            .<WatchedBody.OnComplete>map(st -> bytes -> st.complete(ByteBuffer.wrap(bytes)))
            .orElse(null);
    long cap = storing.map(StaleCache.Storing::maxBodyBytes).orElse(0);
    return response.newBuilder().body(new WatchedBody(body, onFailure, cap, storer)).build();
  }

  private IOException bodyFailure(
      Request request, IOException e, int n, long began, List<Attempt> attempts) {
    if (e instanceof UpstreamFailureException) {
      return e;
    }
    Diagnosis d = diagnoser.diagnose(Heads.request(request), e, Phase.RESPONSE_BODY);
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(
        new Attempt(
            n,
            d,
            Duration.ofNanos(sleeper.nanoTime() - began),
            RetryDecision.giveUp(
                RetryDecision.Reason.NOT_RETRYABLE,
                "the response was already handed to the caller")));
    log.warn(
        "{} {} failed while reading the body: {}",
        request.method(),
        request.url().redact(),
        d.summary());
    return new UpstreamFailureException(d, all, e);
  }

  private Response giveUp(
      Call call,
      Request request,
      RequestHead head,
      Diagnosis d,
      List<Attempt> attempts,
      IOException cause)
      throws IOException {
    FailureReport report = new FailureReport(d, attempts);
    Optional<Response> copy = serveStale(call, request, head, d, report);
    if (copy.isPresent()) {
      return copy.get();
    }
    log.warn(
        "{} {} failed after {} attempt(s): {}",
        request.method(),
        request.url().redact(),
        attempts.size(),
        d.summary());
    throw new UpstreamFailureException(d, attempts, cause);
  }

  private Response failed(
      Call call,
      Request request,
      RequestHead head,
      Response response,
      Diagnosis d,
      List<Attempt> attempts) {
    FailureReport report = new FailureReport(d, attempts);
    Optional<Response> copy = serveStale(call, request, head, d, report);
    if (copy.isPresent()) {
      response.close();
      return copy.get();
    }
    log.warn(
        "{} {} answered {} after {} attempt(s): {}",
        request.method(),
        request.url().redact(),
        response.code(),
        attempts.size(),
        d.summary());
    Response.Builder marked = response.newBuilder().request(report.attachTo(response.request()));
    if (proxyStatus) {
      String name = stale != null ? stale.policy().cacheName() : StalePolicy.DEFAULT_CACHE_NAME;
      marked.header(
          ProxyStatus.HEADER, ProxyStatus.field(response.headers(ProxyStatus.HEADER), name, d));
    }
    return marked.build();
  }

  private Optional<Response> serveStale(
      Call call, Request request, RequestHead head, Diagnosis d, FailureReport report) {
    if (stale == null || call.isCanceled()) {
      return Optional.empty();
    }
    Optional<Response> copy =
        stale
            .serveInstead(head, d, StaleCache.Reason.ERROR)
            .map(answer -> toResponse(report.attachTo(request), answer));
    copy.ifPresent(
        r -> {
          log.warn(
              "{} {} failed after {} attempt(s); served a stale copy: {}",
              request.method(),
              request.url().redact(),
              report.attempts().size(),
              d.summary());
          listener.onStaleServed(request.url().host() + ":" + request.url().port(), d.summary());
        });
    return copy;
  }

  /** Core's answer as an OkHttp response, as it is. */
  private Response toResponse(Request request, StaleAnswer answer) {
    okhttp3.Headers headers = Heads.okhttp(answer.headers());
    String type = headers.get("Content-Type");
    MediaType mediaType = type == null ? null : MediaType.parse(type);
    ByteBuffer bytes = answer.body();
    byte[] body = new byte[bytes.remaining()];
    bytes.get(body);
    Response.Builder out =
        new Response.Builder()
            .request(request)
            .protocol(Protocol.HTTP_1_1)
            .code(answer.status())
            .message(answer.reasonPhrase())
            .headers(headers)
            .body(ResponseBody.create(body, mediaType))
            .sentRequestAtMillis(clock.millis())
            .receivedResponseAtMillis(clock.millis());
    if (answer.contentLength() >= 0) {
      out.header("Content-Length", Long.toString(answer.contentLength()));
    }
    return out.build();
  }

  /** Reads at most 8 KiB of the body without consuming it: the caller still reads it all. */
  private static byte[] peek(Response response) {
    try {
      return response.peekBody(ResponseSample.MAX_BODY_BYTES).bytes();
    } catch (IOException | RuntimeException e) {
      // A body that fails while peeked is diagnosed from status and headers alone.
      return new byte[0];
    }
  }

  private static String millis(long nanos) {
    return nanos == Long.MAX_VALUE ? "forever" : (nanos / 1_000_000) + " ms";
  }
}
