package dev.failsoft.netty.internal;

import dev.failsoft.cache.StaleCache;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleWindows;
import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.netty.Route;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.HostRegistry;
import dev.failsoft.policy.Ticker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every channel's handler shares: the routes, one {@link StaleCache} per route over one store,
 * one breaker per route, the listener and the clock. Thread-safe.
 */
public final class Engine {
  /**
   * Everything the handlers are configured with.
   *
   * @param routes the routes, first match wins
   * @param defaultRoute the route for paths no other route matches
   * @param bufferBytes the largest body held per response
   * @param banner whether stale HTML pages carry a visible notice
   * @param cacheName the name in {@code Cache-Status} and {@code Proxy-Status}
   * @param detail whether {@code Cache-Status} says why a copy was served
   * @param clock the time source for ages, retention and breakers
   * @param store where copies live
   * @param breaker each route's breaker configuration
   * @param ticker the breakers' time source
   * @param listener told of diagnoses, stale copies served and breaker changes
   */
  public record Settings(
      List<Route> routes,
      Route defaultRoute,
      int bufferBytes,
      boolean banner,
      String cacheName,
      boolean detail,
      Clock clock,
      StaleStore store,
      CircuitBreaker.Config breaker,
      Ticker ticker,
      FailsoftListener listener) {}

  private final Settings settings;
  private final Diagnoser diagnoser = Diagnoser.standard();
  private final Map<Route, StaleCache> caches = new IdentityHashMap<>();
  private final Map<Route, CircuitBreaker> breakers = new IdentityHashMap<>();

  /**
   * Builds the shared state.
   *
   * @param settings the configuration
   */
  public Engine(Settings settings) {
    this.settings = settings;
    List<Route> all = new ArrayList<>(settings.routes());
    all.add(settings.defaultRoute());
    HostRegistry<CircuitBreaker> registry =
        HostRegistry.breakers(settings.breaker(), settings.ticker(), settings.listener());
    for (Route route : all) {
      // The route's max-stale is both the window for responses without stale-if-error (the
      // operator's out-of-band contract, RFC 9111 §4.2.4) and the cap on any they carry.
      StaleWindows windows =
          StaleWindows.builder()
              .defaultStaleIfError(route.maxStale())
              .maxStaleIfError(route.maxStale())
              .storeCookieRequests(route.storeCookieRequests())
              .build();
      StalePolicy policy =
          StalePolicy.shared()
              .cacheName(settings.cacheName())
              .exposeDetail(settings.detail())
              .maxBodyBytes(settings.bufferBytes())
              .windows(windows)
              .build();
      caches.put(
          route, StaleCache.of(policy, settings.store(), settings.clock(), settings.banner()));
      if (route.breaker()) {
        breakers.put(route, registry.get(route.pattern()));
      }
    }
  }

  /** Returns the route for a decoded path: the first that matches, else the default. */
  Route route(String path) {
    for (Route route : settings.routes()) {
      if (route.matches(path)) {
        return route;
      }
    }
    return settings.defaultRoute();
  }

  StaleCache cache(Route route) {
    StaleCache cache = caches.get(route);
    if (cache == null) {
      throw new IllegalStateException("route not configured: " + route);
    }
    return cache;
  }

  @Nullable CircuitBreaker breaker(Route route) {
    return breakers.get(route);
  }

  Diagnoser diagnoser() {
    return diagnoser;
  }

  Settings settings() {
    return settings;
  }
}
