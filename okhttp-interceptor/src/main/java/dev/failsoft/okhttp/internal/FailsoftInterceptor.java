package dev.failsoft.okhttp.internal;

import dev.failsoft.cache.ProxyStatus;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.http.RequestHead;
import dev.failsoft.okhttp.Attempt;
import dev.failsoft.okhttp.UpstreamFailureException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application interceptor: runs the attempts of one call, diagnoses each failure with the
 * phase it reached, asks the retry plan what to do, waits between attempts without holding a
 * connection or a lock, and on a final failure serves a stale copy, returns the failure response
 * marked, or throws {@link UpstreamFailureException}.
 *
 * <p>The success path allocates one small state object and one body wrapper per call and takes no
 * lock. Thread-safe; one instance serves every call of a client.
 */
public final class FailsoftInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(FailsoftInterceptor.class);
  /** The longest single park; a missed cancel event is noticed within this. */
  private static final long PARK_SLICE_NANOS = 50_000_000L;
  private static final String PROXY_NAME = "Failsoft";

  private final CallRegistry registry;
  private final Diagnoser diagnoser;
  private final RetryPlan plan;
  private final StaleSupport stale;
  private final Sleeper sleeper;
  private final Clock clock;
  private final boolean proxyStatus;

  /** Creates the interceptor; {@code stale} null turns stale-if-error off. */
  public FailsoftInterceptor(CallRegistry registry, Diagnoser diagnoser, RetryPlan plan,
      Stale stale, Sleeper sleeper, Clock clock, boolean proxyStatus) {
    this.registry = registry;
    this.diagnoser = diagnoser;
    this.plan = plan;
    this.stale = stale == null ? null : new StaleSupport(stale.policy(), stale.store(), clock);
    this.sleeper = sleeper;
    this.clock = clock;
    this.proxyStatus = proxyStatus;
  }

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
    RequestHead head = null;
    List<Attempt> attempts = new ArrayList<>(0);
    for (int n = 1; ; n++) {
      if (call.isCanceled()) {
        head = head != null ? head : Heads.request(request);
        IOException canceled = new IOException("Canceled");
        Diagnosis d = diagnoser.diagnose(head, canceled, Phase.DNS);
        return giveUp(call, request, head, d, attempts, canceled);
      }
      state.startAttempt();
      long began = sleeper.nanoTime();
      Instant sent = stale != null ? clock.instant() : null;
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        head = head != null ? head : Heads.request(request);
        Phase phase = state.phase();
        Diagnosis d = phase == null
            ? diagnoser.diagnose(head, e) : diagnoser.diagnose(head, e, phase);
        RetryPlan.Next next = decide(call, request, n, d, start, deadline);
        record(attempts, request, n, d, began, next);
        if (next.retry()) {
          pause(call, state, next.delayNanos());
          continue;
        }
        return giveUp(call, request, head, d, attempts, e);
      }
      if (!isFailure(response.code())) {
        return success(request, head, response, n, began, sent, attempts);
      }
      head = head != null ? head : Heads.request(request);
      Diagnosis d = diagnoser.diagnose(head, Heads.response(response), peek(response));
      RetryPlan.Next next = decide(call, request, n, d, start, deadline);
      record(attempts, request, n, d, began, next);
      if (next.retry()) {
        // Every discarded response is closed before the next attempt, freeing its connection.
        response.close();
        pause(call, state, next.delayNanos());
        continue;
      }
      return failed(call, request, head, response, d, attempts);
    }
  }

  /** 5xx and 429 are failures to diagnose; everything else is the upstream's answer. */
  private static boolean isFailure(int code) {
    return code >= 500 || code == 429;
  }

  private RetryPlan.Next decide(Call call, Request request, int attempt, Diagnosis d, long start,
      long deadline) {
    if (call.isCanceled()) {
      return RetryPlan.Next.stop("the call was canceled");
    }
    RequestBody body = request.body();
    if (body != null && (body.isOneShot() || body.isDuplex())) {
      return RetryPlan.Next.stop("the request body is one-shot and cannot be sent again");
    }
    long now = sleeper.nanoTime();
    RetryPlan.Next next = plan.after(attempt, d, now - start);
    if (next.retry() && next.delayNanos() >= deadline - now) {
      return RetryPlan.Next.stop("waiting " + millis(next.delayNanos())
          + " would run past the call timeout (" + millis(deadline - now) + " left)");
    }
    return next;
  }

  private void record(List<Attempt> attempts, Request request, int n, Diagnosis d, long began,
      RetryPlan.Next next) {
    String decision = next.retry()
        ? "retry in " + millis(next.delayNanos()) + ": " + next.reason()
        : "gave up: " + next.reason();
    Attempt attempt = new Attempt(n, d, Duration.ofNanos(sleeper.nanoTime() - began), decision);
    attempts.add(attempt);
    if (log.isDebugEnabled()) {
      log.debug("{} {} {}", request.method(), request.url().redact(), attempt);
    }
  }

  /**
   * Waits {@code nanos} or until the call is canceled, holding no lock and — the failed attempt's
   * connection closed first — no connection.
   */
  private void pause(Call call, CallState state, long nanos) throws InterruptedIOException {
    long end = sleeper.nanoTime() + nanos;
    state.dropConnection();
    state.waiter(Thread.currentThread());
    try {
      while (!call.isCanceled()) {
        long left = end - sleeper.nanoTime();
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

  private Response success(Request request, RequestHead head, Response response, int n,
      long began, Instant sent, List<Attempt> attempts) {
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    WatchedBody.OnComplete storer = null;
    if (stale != null) {
      RequestHead h = head != null ? head : Heads.request(request);
      storer = stale.storer(h, response, sent, clock.instant());
    }
    WatchedBody.OnFailure onFailure = e -> bodyFailure(request, e, n, began, attempts);
    long cap = stale != null ? stale.cap() : 0;
    return response.newBuilder().body(new WatchedBody(body, onFailure, cap, storer)).build();
  }

  private IOException bodyFailure(Request request, IOException e, int n, long began,
      List<Attempt> attempts) {
    if (e instanceof UpstreamFailureException) {
      return e;
    }
    Diagnosis d = diagnoser.diagnose(Heads.request(request), e, Phase.RESPONSE_BODY);
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(new Attempt(n, d, Duration.ofNanos(sleeper.nanoTime() - began),
        "gave up: the response was already handed to the caller"));
    log.warn("{} {} failed while reading the body: {}", request.method(), request.url().redact(),
        d.summary());
    return new UpstreamFailureException(d, all, e);
  }

  private Response giveUp(Call call, Request request, RequestHead head, Diagnosis d,
      List<Attempt> attempts, IOException cause) throws IOException {
    FailureReport report = new FailureReport(d, attempts);
    Optional<Response> copy = serveStale(call, request, head, d, report);
    if (copy.isPresent()) {
      return copy.get();
    }
    log.warn("{} {} failed after {} attempt(s): {}", request.method(), request.url().redact(),
        attempts.size(), d.summary());
    throw new UpstreamFailureException(d, attempts, cause);
  }

  private Response failed(Call call, Request request, RequestHead head, Response response,
      Diagnosis d, List<Attempt> attempts) {
    FailureReport report = new FailureReport(d, attempts);
    Optional<Response> copy = serveStale(call, request, head, d, report);
    if (copy.isPresent()) {
      response.close();
      return copy.get();
    }
    log.warn("{} {} answered {} after {} attempt(s): {}", request.method(),
        request.url().redact(), response.code(), attempts.size(), d.summary());
    Response.Builder marked = response.newBuilder().request(report.attachTo(response.request()));
    if (proxyStatus) {
      marked.addHeader(ProxyStatus.HEADER, ProxyStatus.member(PROXY_NAME, d, false));
    }
    return marked.build();
  }

  private Optional<Response> serveStale(Call call, Request request, RequestHead head, Diagnosis d,
      FailureReport report) {
    if (stale == null || call.isCanceled()) {
      return Optional.empty();
    }
    Optional<Response> copy = stale.serve(request, head, d, report);
    copy.ifPresent(r -> log.warn("{} {} failed after {} attempt(s); served a stale copy: {}",
        request.method(), request.url().redact(), report.attempts().size(), d.summary()));
    return copy;
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
