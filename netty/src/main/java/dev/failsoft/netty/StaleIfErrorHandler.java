package dev.failsoft.netty;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.event.FailsoftListener;
import dev.failsoft.event.Slf4jListener;
import dev.failsoft.http.Headers;
import dev.failsoft.netty.internal.Conduit;
import dev.failsoft.netty.internal.Engine;
import dev.failsoft.policy.CircuitBreaker;
import dev.failsoft.policy.Ticker;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Serves the last good copy of a page when the handlers behind it fail: a {@link
 * ChannelDuplexHandler} placed right after {@code HttpServerCodec} (or, for HTTP/2, after {@code
 * Http2StreamFrameToHttpObjectCodec} in each stream's pipeline), in front of the application's
 * handlers. Every caching rule is core's ({@link dev.failsoft.cache.StaleCache}); the handler only
 * moves messages.
 *
 * <p>For a GET or HEAD on an enabled {@link Route}, it holds the response the handlers behind write
 * — head and body copied to the heap, the originals released — up to {@link Builder#bufferBytes}
 * until its outcome is known. A good response goes on and, when core allows, is stored. A failure —
 * a status the route counts, an exception that reaches the end of the pipeline, no answer within
 * the route's soft deadline — is replaced by the stored copy, marked with {@code Age} and {@code
 * Cache-Status}; with no usable copy the failure goes on with a {@code Proxy-Status} field (an
 * exception becomes a 500). An open circuit breaker answers from the copy without asking the
 * handlers behind. A response larger than the cap, and any {@code text/event-stream}, passes
 * through untouched and is never stored. Responses leave in request order (HTTP/1.1 pipelining).
 *
 * <p>It never blocks the event loop: a stored copy is read with {@link StaleStore#getAsync} and the
 * work continues on the channel's event loop, where the soft-deadline timers also run. It needs no
 * {@code HttpObjectAggregator}. A handler keeps per-channel state: create one per channel with
 * {@link Factory#newHandler()}.
 */
public final class StaleIfErrorHandler extends ChannelDuplexHandler {
  /** Default largest body held per response: {@value} bytes (1 MiB). */
  public static final int DEFAULT_BUFFER_BYTES = StalePolicy.DEFAULT_MAX_BODY_BYTES;

  /** Default size of the built-in store: {@value} bytes (64 MiB). */
  public static final long DEFAULT_STORE_BYTES = CaffeineStaleStore.DEFAULT_MAXIMUM_BYTES;

  /** Default name in {@code Cache-Status} and {@code Proxy-Status}: {@value}. */
  public static final String DEFAULT_CACHE_NAME = StalePolicy.DEFAULT_CACHE_NAME;

  private final Conduit conduit;

  private StaleIfErrorHandler(Engine engine) {
    this.conduit = new Conduit(engine);
  }

  /**
   * Returns a builder with the defaults listed on {@link Builder}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    conduit.added(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    conduit.closed();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    conduit.closed();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    conduit.read(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    conduit.fromBelow(cause);
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    conduit.write(msg, promise);
  }

  /**
   * Makes one {@link StaleIfErrorHandler} per channel; all of them share the store, the routes'
   * circuit breakers and the configuration. Thread-safe.
   */
  public static final class Factory {
    private final Engine engine;

    private Factory(Engine engine) {
      this.engine = engine;
    }

    /**
     * Returns a new handler for one channel (or one HTTP/2 stream).
     *
     * @return a handler, not shareable between channels
     */
    public StaleIfErrorHandler newHandler() {
      return new StaleIfErrorHandler(engine);
    }
  }

  /**
   * Builds a {@link Factory}. Defaults: one route {@code /*} ({@link Route#defaults()}), a body cap
   * of {@value #DEFAULT_BUFFER_BYTES} bytes, no banner, cache name {@value #DEFAULT_CACHE_NAME}
   * with detail in {@code Cache-Status}, the system UTC clock, the default circuit breaker, an
   * slf4j listener, and a Caffeine store of {@value #DEFAULT_STORE_BYTES} bytes. Not thread-safe.
   */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private Route defaultRoute = Route.defaults();
    private int bufferBytes = DEFAULT_BUFFER_BYTES;
    private boolean banner;
    private String cacheName = DEFAULT_CACHE_NAME;
    private boolean detail = true;
    private Clock clock = Clock.systemUTC();
    private CircuitBreaker.Config breaker = CircuitBreaker.Config.defaults();
    private FailsoftListener listener = new Slf4jListener();
    private long storeBytes = DEFAULT_STORE_BYTES;
    private boolean storeBytesSet;
    private @Nullable StaleStore store;

    private Builder() {}

    /**
     * Adds a route; routes are tried in the order added and the first match wins.
     *
     * @param route the route
     * @return this builder
     */
    public Builder route(Route route) {
      routes.add(requireNonNull(route, "route"));
      return this;
    }

    /**
     * Sets the route for paths no added route matches. Default: {@link Route#defaults()}.
     *
     * @param route the fallback route
     * @return this builder
     */
    public Builder defaultRoute(Route route) {
      this.defaultRoute = requireNonNull(route, "route");
      return this;
    }

    /**
     * Sets the largest body held (and stored) per response; a larger one passes through unstored.
     * Default: {@value #DEFAULT_BUFFER_BYTES}.
     *
     * @param bytes 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder bufferBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bufferBytes: " + bytes + " (expected: >= 0)");
      }
      this.bufferBytes = bytes;
      return this;
    }

    /**
     * Sets whether a stale HTML page gets a visible notice at the top of its body. Default: false.
     *
     * @param value true for the notice
     * @return this builder
     */
    public Builder banner(boolean value) {
      this.banner = value;
      return this;
    }

    /**
     * Sets the name used in {@code Cache-Status} and {@code Proxy-Status}. Default: {@value
     * #DEFAULT_CACHE_NAME}.
     *
     * @param name a token
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is not a token
     */
    public Builder cacheName(String name) {
      requireNonNull(name, "name");
      if (!Headers.isValidName(name)) {
        throw new IllegalArgumentException("cacheName: \"" + name + "\" (expected: a token)");
      }
      this.cacheName = name;
      return this;
    }

    /**
     * Sets whether {@code Cache-Status} says why a copy was served ({@code detail=...}). Default:
     * true.
     *
     * @param value false to leave the reason out
     * @return this builder
     */
    public Builder cacheStatusDetail(boolean value) {
      this.detail = value;
      return this;
    }

    /**
     * Sets the time source for ages, retention and the breakers. Default: the system UTC clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how each route's circuit breaker behaves; its events go to {@link #listener} and its
     * time follows {@link #clock}. Default: {@link CircuitBreaker.Config#defaults()}.
     *
     * @param value the breaker configuration
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreaker.Config value) {
      this.breaker = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets who hears of diagnoses, stale copies served and breaker changes; its exceptions are
     * logged, never passed on. Default: an slf4j listener.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(FailsoftListener value) {
      this.listener = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the size of the built-in Caffeine store. Default: {@value #DEFAULT_STORE_BYTES}. Not
     * together with {@link #store}.
     *
     * @param bytes more than 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is 0 or less
     */
    public Builder storeBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("storeBytes: " + bytes + " (expected: > 0)");
      }
      this.storeBytes = bytes;
      this.storeBytesSet = true;
      return this;
    }

    /**
     * Sets where copies are kept, instead of the built-in store. A remote store should answer
     * {@link StaleStore#getAsync} without blocking.
     *
     * @param value the store
     * @return this builder
     */
    public Builder store(StaleStore value) {
      this.store = requireNonNull(value, "value");
      return this;
    }

    /**
     * Returns the factory of handlers.
     *
     * @return a thread-safe factory
     * @throws IllegalStateException if both {@link #store} and {@link #storeBytes} were set
     */
    public Factory build() {
      if (store != null && storeBytesSet) {
        throw new IllegalStateException(
            "storeBytes: " + storeBytes + " (expected: not set together with store)");
      }
      // One ticker: the default store and the breakers follow the clock.
      Ticker ticker = Ticker.fromClock(clock);
      StaleStore s = store;
      if (s == null) {
        s = CaffeineStaleStore.builder().maximumBytes(storeBytes).ticker(ticker).build();
      }
      return new Factory(
          new Engine(
              new Engine.Settings(
                  List.copyOf(routes),
                  defaultRoute,
                  bufferBytes,
                  banner,
                  cacheName,
                  detail,
                  clock,
                  s,
                  breaker,
                  ticker,
                  FailsoftListener.guarded(listener))));
    }
  }
}
