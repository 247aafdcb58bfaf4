package dev.failsoft.okhttp;

import static java.util.Objects.requireNonNull;

import dev.failsoft.okhttp.internal.CallRegistry;
import dev.failsoft.okhttp.internal.FailsoftInterceptor;
import dev.failsoft.okhttp.internal.PhaseTracking;
import dev.failsoft.policy.HostRegistry;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Failsoft for OkHttp clients: an application interceptor that diagnoses, retries and falls back to
 * stale copies, plus the event listener that tracks how far each attempt got.
 *
 * <pre>{@code
 * OkHttpClient client = Failsoft.okhttp(config).install(new OkHttpClient.Builder()).build();
 * }</pre>
 *
 * <h2>With OkHttp's own features</h2>
 *
 * <ul>
 *   <li>{@code retryOnConnectionFailure}: {@link #install} turns it off unless {@link
 *       OkHttpConfig.Builder#keepOkHttpConnectionRetries(boolean)}; OkHttp's silent retry may
 *       repeat a POST that reached the upstream, which Failsoft's phase-aware retries never do.
 *   <li>{@code callTimeout}: covers the whole call, every Failsoft attempt and wait included. A
 *       retry whose wait would run past it is not made; when it fires mid-call, the call is
 *       canceled and stops at once, and OkHttp throws its own {@code
 *       InterruptedIOException("timeout")}.
 *   <li>{@code Cache}: OkHttp's cache sits below this interceptor and answers fresh and revalidated
 *       requests as usual; Failsoft's stale copies are a separate store, consulted only after a
 *       final failure.
 * </ul>
 *
 * <p>Call {@link #install} after setting the client's own event listener: the listener is composed
 * with Failsoft's, and one set later would replace it (phases are then inferred from exceptions,
 * less exactly). Immutable and thread-safe; one instance may serve many clients.
 */
public final class FailsoftOkHttp {

  private final OkHttpConfig config;
  private final CallRegistry registry = new CallRegistry();
  private final FailsoftInterceptor interceptor;

  FailsoftOkHttp(OkHttpConfig config) {
    this.config = requireNonNull(config, "config");
    FailsoftInterceptor.Stale stale =
        config
            .stalePolicy()
            .map(p -> new FailsoftInterceptor.Stale(p, config.staleStore().orElseThrow()))
            .orElse(null);
    // Every breaker and budget is timed by the configuration's one ticker.
    FailsoftInterceptor.Protection protection =
        new FailsoftInterceptor.Protection(
            config.retryPolicy(),
            HostRegistry.breakers(config.circuitBreaker(), config.ticker(), config.listener()),
            HostRegistry.budgets(config.retryBudget(), config.ticker()),
            config.listener());
    this.interceptor =
        new FailsoftInterceptor(
            registry,
            config.diagnoser(),
            protection,
            stale,
            config.sleeper(),
            config.clock(),
            config.proxyStatus());
  }

  /** Returns how many calls are inside the interceptor now; for tests. */
  int callsInFlight() {
    return registry.size();
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration given to {@link Failsoft#okhttp(OkHttpConfig)}
   */
  public OkHttpConfig config() {
    return config;
  }

  /**
   * Installs Failsoft on {@code builder}: adds the interceptor (once), composes the builder's event
   * listener with the phase tracker, and turns off {@code retryOnConnectionFailure} unless
   * configured otherwise.
   *
   * @param builder the client builder to change
   * @return {@code builder}, for chaining
   * @throws NullPointerException if {@code builder} is null
   */
  public OkHttpClient.Builder install(OkHttpClient.Builder builder) {
    requireNonNull(builder, "builder");
    EventListener.Factory existing = builder.build().eventListenerFactory();
    if (!builder.interceptors().contains(interceptor)) {
      builder.addInterceptor(interceptor);
    }
    builder.eventListenerFactory(eventListenerFactory(existing));
    if (!config.keepOkHttpConnectionRetries()) {
      builder.retryOnConnectionFailure(false);
    }
    return builder;
  }

  /**
   * Returns the application interceptor, for users who assemble the client themselves; add it with
   * {@code addInterceptor}, never as a network interceptor, and pair it with {@link
   * #eventListenerFactory}.
   *
   * @return the one interceptor of this instance
   */
  public Interceptor interceptor() {
    return interceptor;
  }

  /**
   * Returns a listener factory that tracks each attempt's phase for {@link #interceptor()} and
   * forwards every event to {@code user}'s listeners. Use {@code EventListener.NONE}'s factory when
   * there is none.
   *
   * @param user the client's own listener factory
   * @return a factory to set with {@code eventListenerFactory}
   * @throws NullPointerException if {@code user} is null
   */
  public EventListener.Factory eventListenerFactory(EventListener.Factory user) {
    return PhaseTracking.factory(registry, requireNonNull(user, "user"));
  }
}
