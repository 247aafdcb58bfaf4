package dev.failsoft.servlet.internal;

import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.cache.StaleCache;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleWindows;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
import dev.failsoft.policy.Outcome;
import dev.failsoft.servlet.RouteRule;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the filter does with one request: route, breaker, buffering, and on failure the stored copy
 * or the original error, marked. Every caching and breaker rule is asked of core (through one
 * {@link StaleCache} per route and the breaker registry); this class only moves servlet objects
 * around. Thread-safe.
 */
public final class FilterEngine {
  private static final Logger log = LoggerFactory.getLogger(FilterEngine.class);
  private static final int DIAGNOSIS_PREFIX = 8192;

  /** Everything the engine is configured with. */
  public record Settings(
      List<RouteRule> routes,
      RouteRule defaultRule,
      int bufferBytes,
      boolean banner,
      Optional<String> fallbackPage,
      String cacheName,
      boolean detail,
      Clock clock,
      HostRegistry<CircuitBreaker> breakers,
      FailsoftListener listener) {}

  private final Settings settings;
  // One cache per route rule, so the filter's servlet-path routing and core's rules never disagree.
  private final Map<RouteRule, StaleCache> caches = new IdentityHashMap<>();
  private final Diagnoser diagnoser;
  private final ScheduledExecutorService timer;
  private final byte[] fallback;
  // Resolved once: the routes are fixed, and a registry lookup per request costs a hash and a CAS.
  private final Map<RouteRule, CircuitBreaker> breakers = new IdentityHashMap<>();

  public FilterEngine(
      Settings settings, StaleStore store, Diagnoser diagnoser, ScheduledExecutorService timer) {
    this.settings = settings;
    this.diagnoser = diagnoser;
    this.timer = timer;
    this.fallback =
        settings.fallbackPage().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
    List<RouteRule> rules = new ArrayList<>(settings.routes());
    rules.add(settings.defaultRule());
    for (RouteRule rule : rules) {
      StalePolicy policy =
          StalePolicy.shared()
              .cacheName(settings.cacheName())
              .exposeDetail(settings.detail())
              .maxBodyBytes(settings.bufferBytes())
              .windows(StaleWindows.upTo(rule.maxStale(), rule.storeCookieRequests()))
              .build();
      caches.put(rule, StaleCache.of(policy, store, settings.clock(), settings.banner()));
      if (rule.breaker()) {
        breakers.put(rule, settings.breakers().get(rule.pattern()));
      }
    }
  }

  /** Returns the rule for a decoded path: the first route that matches, else the default. */
  public RouteRule route(String path) {
    for (RouteRule rule : settings.routes()) {
      if (rule.matches(path)) {
        return rule;
      }
    }
    return settings.defaultRule();
  }

  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    if (servletPath == null || servletPath.isEmpty()) {
      return pathInfo == null ? "/" : pathInfo;
    }
    return pathInfo == null ? servletPath : servletPath + pathInfo;
  }

  public void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      // Forwards, includes, error pages and async dispatches belong to a request already handled.
      chain.doFilter(request, response);
      return;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      chain.doFilter(request, response);
      invalidate(request, response);
      return;
    }
    RouteRule route = route(path(request));
    Optional<RequestHead> parsed =
        route.enabled() ? ServletHeads.request(request) : Optional.empty();
    if (parsed.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    RequestHead head = parsed.get();
    CircuitBreaker breaker = breakers.get(route);
    if (breaker != null && !breaker.tryAcquirePermission()) {
      // Open: answer from the stored copy at once and spare the failing backend. Without a copy
      // the request goes through uncounted (the breaker never blocks a page it cannot replace).
      Optional<StaleAnswer> copy =
          cache(route)
              .serveInstead(
                  head,
                  Diagnosis.circuitOpen(route.pattern(), breaker.isHeld()),
                  StaleCache.Reason.CIRCUIT_OPEN);
      if (copy.isPresent() && !response.isCommitted()) {
        // The event goes first: once the copy is written the client may already act on it.
        settings
            .listener()
            .onStaleServed(
                head.uri().getRawPath(),
                "circuit open for " + route.pattern() + " (age " + copy.get().ageSeconds() + "s)");
        StaleResponder.write(response, copy.get());
        return;
      }
      breaker = null;
    }
    Instant requested = settings.clock().instant();
    Duration deadline = route.softDeadline().orElse(null);
    boolean guarded =
        deadline != null
            && cache(route)
                .serveInstead(
                    head, Diagnosis.softDeadlinePassed(deadline), StaleCache.Reason.SOFT_DEADLINE)
                .isPresent();
    BufferingResponse wrapper =
        BufferingResponse.wrap(response, settings.bufferBytes(), route::isFailure, guarded);
    ScheduledFuture<?> atDeadline = null;
    if (guarded) {
      atDeadline =
          timer.schedule(
              () -> serveAtDeadline(response, wrapper, head, route, deadline),
              deadline.toNanos(),
              TimeUnit.NANOSECONDS);
    }
    Throwable failure = null;
    try {
      chain.doFilter(new AsyncAwareRequest(request, wrapper), wrapper);
    } catch (IOException | ServletException | RuntimeException e) {
      failure = e;
    } finally {
      if (atDeadline != null) {
        atDeadline.cancel(false);
      }
    }
    wrapper.lock();
    try {
      finish(request, response, wrapper, head, route, requested, failure, breaker);
    } finally {
      wrapper.unlock();
    }
    if (!guarded && !request.isAsyncStarted()) {
      wrapper.recycle();
    }
  }

  private void finish(
      HttpServletRequest request,
      HttpServletResponse response,
      BufferingResponse wrapper,
      RequestHead head,
      RouteRule route,
      Instant requested,
      Throwable failure,
      CircuitBreaker breaker)
      throws IOException, ServletException {
    if (wrapper.detached()) {
      record(breaker, Outcome.FAILURE);
      if (failure != null) {
        log.debug(
            "{} failed after its soft deadline; a stored copy was served",
            head.uri().getRawPath(),
            failure);
      }
      return;
    }
    if (request.isAsyncStarted()) {
      // The outcome is not known here; a permitted call must still be recorded.
      record(breaker, failure == null ? Outcome.SUCCESS : Outcome.FAILURE);
      rethrow(failure);
      return;
    }
    int status = wrapper.status();
    boolean failed = failure != null || route.isFailure(status);
    if (!failed) {
      record(breaker, Outcome.SUCCESS);
      if (wrapper.complete()) {
        Instant received = settings.clock().instant();
        cache(route)
            .offer(head, new ServletResponseView(response, status), requested, received)
            .ifPresent(storing -> wrapper.body().ifPresent(storing::complete));
      }
      return;
    }
    Diagnosis diagnosis =
        failure != null
            ? diagnoser.diagnose(head, failure)
            : diagnoser.diagnose(
                head,
                ServletHeads.response(response, status),
                wrapper.bodyPrefix(DIAGNOSIS_PREFIX));
    String key = head.uri().getRawPath();
    settings.listener().onDiagnosis(key, diagnosis);
    record(breaker, Outcome.of(diagnosis));
    StaleCache cache = cache(route);
    Optional<StaleAnswer> copy = cache.serveInstead(head, diagnosis, StaleCache.Reason.ERROR);
    if (copy.isPresent() && wrapper.detach()) {
      settings
          .listener()
          .onStaleServed(key, diagnosis.summary() + " (age " + copy.get().ageSeconds() + "s)");
      StaleResponder.write(response, copy.get());
      return;
    }
    log.warn("{} failed and no stored copy may be served: {}", key, diagnosis.summary());
    String proxyStatus =
        cache.proxyStatus(new ArrayList<>(response.getHeaders("Proxy-Status")), diagnosis);
    if (failure != null) {
      if (!wrapper.detach()) {
        rethrow(failure);
        return;
      }
      // The client sees a clean 500 (or the operator's page), never the exception's stack trace.
      response.setHeader("Proxy-Status", proxyStatus);
      if (!writeFallback(response, 500)) {
        response.sendError(500);
      }
      return;
    }
    if (fallback != null && wrapper.detach()) {
      response.setHeader("Proxy-Status", proxyStatus);
      writeFallback(response, status);
      return;
    }
    if (wrapper.holding()) {
      response.setHeader("Proxy-Status", proxyStatus);
    }
    wrapper.complete();
  }

  /** RFC 9111 §4.4, decided by core: a successful unsafe request invalidates stored copies. */
  private void invalidate(HttpServletRequest request, HttpServletResponse response) {
    if (request.isAsyncStarted()) {
      return;
    }
    RouteRule route = route(path(request));
    if (route.enabled()) {
      Instant now = settings.clock().instant();
      ServletHeads.request(request)
          .ifPresent(
              head ->
                  cache(route)
                      .offer(
                          head,
                          StaleCache.ResponseView.of(
                              ResponseHead.of(response.getStatus(), Headers.empty())),
                          now,
                          now));
    }
  }

  private boolean writeFallback(HttpServletResponse response, int status) throws IOException {
    if (fallback == null) {
      return false;
    }
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(fallback.length);
    response.getOutputStream().write(fallback);
    return true;
  }

  private void serveAtDeadline(
      HttpServletResponse response,
      BufferingResponse wrapper,
      RequestHead head,
      RouteRule route,
      Duration deadline) {
    wrapper.lock();
    try {
      Optional<StaleAnswer> copy =
          cache(route)
              .serveInstead(
                  head, Diagnosis.softDeadlinePassed(deadline), StaleCache.Reason.SOFT_DEADLINE);
      if (copy.isPresent() && wrapper.detach()) {
        settings
            .listener()
            .onStaleServed(
                head.uri().getRawPath(),
                "no answer within the soft "
                    + "deadline of "
                    + route.pattern()
                    + " (age "
                    + copy.get().ageSeconds()
                    + "s)");
        StaleResponder.write(response, copy.get());
        response.flushBuffer();
      }
    } catch (IOException | RuntimeException e) {
      log.debug("could not serve {} at its soft deadline", head.uri(), e);
    } finally {
      wrapper.unlock();
    }
  }

  private StaleCache cache(RouteRule rule) {
    StaleCache cache = caches.get(rule);
    if (cache == null) {
      throw new IllegalStateException("route rule " + rule + " was not configured");
    }
    return cache;
  }

  private static void record(CircuitBreaker breaker, Outcome outcome) {
    if (breaker != null) {
      breaker.record(outcome);
    }
  }

  private static void rethrow(Throwable failure) throws IOException, ServletException {
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof ServletException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
  }
}
