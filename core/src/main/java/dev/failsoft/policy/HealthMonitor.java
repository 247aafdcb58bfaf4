package dev.failsoft.policy;

import static java.util.Objects.requireNonNull;

import dev.failsoft.policy.internal.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checking (like nginx {@code health_check} and Envoy active checks): probes each
 * watched key's health URL every {@code interval} (jittered by ±10%) through a {@link HealthProbe}.
 * After {@code unhealthyThreshold} failed probes in a row the key's breaker is forced open before
 * users hit it; after {@code healthyThreshold} passes in a row an open breaker may probe at once
 * instead of waiting out its open duration.
 *
 * <p>Runs on {@code threads} daemon threads (bounded); {@link #close()} stops every probe and the
 * threads. {@link #checkNow} runs one probe on the calling thread, for tests and warm-up.
 * Thread-safe. Defaults: interval {@value #DEFAULT_INTERVAL_SECONDS} s, healthyThreshold {@value
 * #DEFAULT_HEALTHY_THRESHOLD}, unhealthyThreshold {@value #DEFAULT_UNHEALTHY_THRESHOLD}, threads
 * {@value #DEFAULT_THREADS}.
 */
public final class HealthMonitor implements AutoCloseable {

  /** The default time between probes of one key, in seconds: {@value}. */
  public static final long DEFAULT_INTERVAL_SECONDS = 10;

  /** The default number of passes in a row that count as healthy: {@value}. */
  public static final int DEFAULT_HEALTHY_THRESHOLD = 2;

  /** The default number of failures in a row that open the breaker: {@value}. */
  public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;

  /** The default number of probe threads: {@value}. */
  public static final int DEFAULT_THREADS = 1;

  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  private final class Target {
    final URI url;
    final CircuitBreaker breaker;
    int passes;
    int fails;
    volatile @Nullable ScheduledFuture<?> next;

    Target(URI url, CircuitBreaker breaker) {
      this.url = url;
      this.breaker = breaker;
    }
  }

  private final HealthProbe probe;
  private final long intervalNanos;
  private final int healthyThreshold;
  private final int unhealthyThreshold;
  private final DoubleSupplier random;
  private final ScheduledExecutorService executor;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private HealthMonitor(Builder b) {
    this.probe = b.probe;
    this.intervalNanos = b.interval.toNanos();
    this.healthyThreshold = b.healthyThreshold;
    this.unhealthyThreshold = b.unhealthyThreshold;
    this.random = b.random;
    this.executor =
        Executors.newScheduledThreadPool(
            b.threads,
            r -> {
              Thread t = new Thread(r, "failsoft-health");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Returns a builder probing with {@code probe}.
   *
   * @param probe checks one URL; called from the monitor's threads and from {@link #checkNow}
   * @return a new builder
   * @throws NullPointerException if {@code probe} is null
   */
  public static Builder builder(HealthProbe probe) {
    return new Builder(requireNonNull(probe, "probe"));
  }

  /**
   * Starts probing {@code healthUrl} for {@code key}, feeding {@code breaker}; replaces an earlier
   * watch of the same key. The first probe runs about one interval from now. Does nothing once
   * closed.
   *
   * @param key what is watched, typically the breaker's key
   * @param healthUrl the URL to probe
   * @param breaker the breaker the results feed
   * @throws NullPointerException if an argument is null (and the monitor is open)
   */
  public void watch(String key, URI healthUrl, CircuitBreaker breaker) {
    if (closed) {
      return;
    }
    Target target =
        new Target(requireNonNull(healthUrl, "healthUrl"), requireNonNull(breaker, "breaker"));
    Target old = targets.put(requireNonNull(key, "key"), target);
    if (old != null && old.next != null) {
      old.next.cancel(false);
    }
    schedule(key, target);
  }

  /**
   * Stops probing {@code key}; a probe already running finishes. An unknown key is ignored.
   *
   * @param key the watched key
   * @throws NullPointerException if {@code key} is null
   */
  public void unwatch(String key) {
    requireNonNull(key, "key");
    Target t = targets.remove(key);
    if (t != null && t.next != null) {
      t.next.cancel(false);
    }
  }

  /**
   * Probes {@code key} once now, on this thread, and applies the thresholds. A probe that throws
   * counts as unhealthy.
   *
   * @param key the watched key
   * @throws NullPointerException if {@code key} is null
   * @return the probe's result; false for an unknown key
   */
  public boolean checkNow(String key) {
    requireNonNull(key, "key");
    Target t = targets.get(key);
    if (t == null) {
      return false;
    }
    boolean healthy;
    try {
      healthy = probe.check(t.url);
    } catch (Exception | LinkageError e) {
      healthy = false;
    }
    synchronized (t) { // per-target, off the request path
      if (healthy) {
        t.fails = 0;
        if (++t.passes >= healthyThreshold) {
          t.breaker.onHealthyProbe();
        }
      } else {
        t.passes = 0;
        if (++t.fails >= unhealthyThreshold) {
          t.breaker.forceOpen();
        }
      }
    }
    return healthy;
  }

  private void schedule(String key, Target t) {
    if (closed || targets.get(key) != t) {
      return;
    }
    double u = Math.min(1, Math.max(0, random.getAsDouble()));
    long delay = (long) (intervalNanos * (0.9 + 0.2 * u));
    try {
      t.next =
          executor.schedule(
              () -> {
                try {
                  checkNow(key);
                } catch (RuntimeException e) {
                  LOG.warn("failsoft health check for {} failed", key, e);
                }
                schedule(key, t);
              },
              delay,
              TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed concurrently: nothing left to schedule.
    }
  }

  /**
   * Stops all probing and its threads, interrupting a running probe and waiting up to a second for
   * it. Idempotent; later {@link #watch} calls do nothing.
   */
  @Override
  public void close() {
    closed = true;
    targets.clear();
    executor.shutdownNow();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link HealthMonitor}; not thread-safe. */
  public static final class Builder {
    private final HealthProbe probe;
    private Duration interval = Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS);
    private int healthyThreshold = DEFAULT_HEALTHY_THRESHOLD;
    private int unhealthyThreshold = DEFAULT_UNHEALTHY_THRESHOLD;
    private int threads = DEFAULT_THREADS;
    private DoubleSupplier random =
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();

    private Builder(HealthProbe probe) {
      this.probe = probe;
    }

    /**
     * Sets the time between probes of one key, jittered ±10%. Default: {@value
     * #DEFAULT_INTERVAL_SECONDS} s.
     *
     * @param interval the interval, positive
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder interval(Duration interval) {
      this.interval = Checks.positive("interval", interval);
      return this;
    }

    /**
     * Sets the passes in a row that count as healthy. Default: {@value #DEFAULT_HEALTHY_THRESHOLD}.
     *
     * @param n 1 to 100
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is outside 1..100
     */
    public Builder healthyThreshold(int n) {
      this.healthyThreshold = Checks.range("healthyThreshold", n, 1, 100);
      return this;
    }

    /**
     * Sets the failures in a row that open the breaker. Default: {@value
     * #DEFAULT_UNHEALTHY_THRESHOLD}.
     *
     * @param n 1 to 100
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is outside 1..100
     */
    public Builder unhealthyThreshold(int n) {
      this.unhealthyThreshold = Checks.range("unhealthyThreshold", n, 1, 100);
      return this;
    }

    /**
     * Sets the number of probe threads. Default: {@value #DEFAULT_THREADS}.
     *
     * @param n 1 to 16
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is outside 1..16
     */
    public Builder threads(int n) {
      this.threads = Checks.range("threads", n, 1, 16);
      return this;
    }

    /**
     * Sets the uniform [0, 1) source for interval jitter. Default: {@link
     * java.util.concurrent.ThreadLocalRandom}.
     *
     * @param random the source, thread-safe; values outside [0, 1] are clamped
     * @return this builder
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(DoubleSupplier random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Returns the monitor; its threads start with the first watch.
     *
     * @return a new, thread-safe monitor; close it when done
     */
    public HealthMonitor build() {
      return new HealthMonitor(this);
    }
  }
}
