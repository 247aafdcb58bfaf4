package dev.failsoft.servlet;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.StaleStores;
import dev.failsoft.config.SettingValues;
import dev.failsoft.http.Headers;
import dev.failsoft.policy.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A {@link StaleIfErrorFilter} configuration written as text: the init-params its class Javadoc
 * lists ({@code max-stale}, {@code routes}, {@code buffer-bytes}, {@code breaker-open}, ...), read
 * with Failsoft's one setting grammar ({@link SettingValues}), so that {@code web.xml}, a command
 * line and application properties mean the same thing by the same words.
 *
 * <p>{@link #parse(Map)} reads and checks every value at once; {@link #toBuilder()} then gives a
 * builder with those settings, to adjust further or build. Names it does not know are ignored (a
 * container may pass its own init-params); a blank value counts as not set. Instances are immutable
 * and thread-safe.
 */
public final class StaleIfErrorFilterSpec {
  /** Values over this are refused: a held body lives in one Java array. */
  private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private final Map<String, String> settings;
  private final List<Consumer<StaleIfErrorFilter.Builder>> apply;
  private final Optional<String> fallbackPage;
  private final Optional<String> store;
  private final Map<String, String> storeOptions;

  private StaleIfErrorFilterSpec(
      Map<String, String> settings,
      List<Consumer<StaleIfErrorFilter.Builder>> apply,
      Optional<String> fallbackPage,
      Optional<String> store,
      Map<String, String> storeOptions) {
    this.settings = settings;
    this.apply = apply;
    this.fallbackPage = fallbackPage;
    this.store = store;
    this.storeOptions = storeOptions;
  }

  /**
   * Reads the filter's settings by init-param name.
   *
   * @param settings init-param names and values, for example {@code max-stale=10m}; copied
   * @return the settings, checked
   * @throws NullPointerException if {@code settings} is null
   * @throws IllegalArgumentException in one line, naming the first setting whose value is malformed
   *     or out of range and what it expects, for example {@code buffer-bytes: "lots" (expected: a
   *     size such as 65536, 64KiB, 1MiB or 1GiB)}
   */
  public static StaleIfErrorFilterSpec parse(Map<String, String> settings) {
    Map<String, String> given = new TreeMap<>();
    requireNonNull(settings, "settings")
        .forEach(
            (name, value) -> {
              if (name != null && value != null && !value.isBlank()) {
                given.put(name, value.trim());
              }
            });
    List<Consumer<StaleIfErrorFilter.Builder>> apply = new ArrayList<>();
    ifSet(
        given,
        "routes",
        (name, v) -> SettingValues.entries(v).stream().map(RouteRule::parse).toList(),
        routes -> apply.add(b -> routes.forEach(b::route)));
    RouteRule fallbackRule = defaultRule(given);
    apply.add(b -> b.defaultRule(fallbackRule));
    ifSet(
        given,
        "buffer-bytes",
        StaleIfErrorFilterSpec::parseBytes,
        n -> apply.add(b -> b.bufferBytes(n)));
    String location = given.getOrDefault("store", StaleStores.MEMORY);
    Map<String, String> storeOptions = new TreeMap<>();
    if (location.equals(StaleStores.MEMORY)) {
      ifSet(
          given,
          "store-bytes",
          StaleIfErrorFilterSpec::parseBytes,
          n -> apply.add(b -> b.storeBytes(n)));
    } else {
      // A remote store keeps a local tier in front, sized like the memory store would be.
      ifSet(
          given,
          "store-bytes",
          StaleIfErrorFilterSpec::parseBytes,
          n -> storeOptions.put(StaleStores.MEMORY_BYTES, Long.toString(n)));
      ifSet(given, "store-key-file", (n, v) -> v, v -> storeOptions.put(StaleStores.KEY_FILE, v));
      ifSet(given, "store-prefix", (n, v) -> v, v -> storeOptions.put(StaleStores.PREFIX, v));
      ifSet(
          given,
          "store-unauthenticated",
          SettingValues::onOff,
          on -> storeOptions.put(StaleStores.UNAUTHENTICATED, Boolean.toString(on)));
    }
    ifSet(given, "banner", SettingValues::onOff, on -> apply.add(b -> b.banner(on)));
    ifSet(
        given,
        "cache-name",
        StaleIfErrorFilterSpec::token,
        name -> apply.add(b -> b.cacheName(name)));
    ifSet(
        given,
        "cache-status-detail",
        SettingValues::onOff,
        on -> apply.add(b -> b.cacheStatusDetail(on)));
    breaker(given).ifPresent(cb -> apply.add(b -> b.circuitBreaker(cb.config())));
    return new StaleIfErrorFilterSpec(
        Map.copyOf(given),
        List.copyOf(apply),
        Optional.ofNullable(given.get("fallback-page")),
        location.equals(StaleStores.MEMORY) ? Optional.empty() : Optional.of(location),
        Map.copyOf(storeOptions));
  }

  /**
   * Returns a new builder with these settings applied over the defaults.
   *
   * @return a builder, not shared: each call returns a new one
   */
  public StaleIfErrorFilter.Builder toBuilder() {
    StaleIfErrorFilter.Builder builder = StaleIfErrorFilter.builder();
    apply.forEach(setting -> setting.accept(builder));
    return builder;
  }

  /**
   * Returns the {@code fallback-page} setting: the path of a web application resource (for example
   * {@code /WEB-INF/unavailable.html}) that the filter reads when it starts.
   *
   * @return the path as given; empty when not set
   */
  public Optional<String> fallbackPage() {
    return fallbackPage;
  }

  /**
   * Returns the {@code store} setting when it names a store other than {@code memory}: a location
   * for {@link StaleStores#open}, such as {@code redis://cache:6379/0}, which the filter opens when
   * it starts and closes when it is destroyed.
   *
   * @return the location as given; empty for the in-memory store
   */
  public Optional<String> store() {
    return store;
  }

  /**
   * Returns the options for {@link StaleStores#open} of {@link #store()}: {@code store-key-file},
   * {@code store-prefix}, {@code store-unauthenticated} and {@code store-bytes} (the size of the
   * local tier).
   *
   * @return option names of {@link StaleStores} and their values; empty for the in-memory store
   */
  public Map<String, String> storeOptions() {
    return storeOptions;
  }

  /**
   * Returns the settings read, in name order.
   *
   * @return for example {@code StaleIfErrorFilterSpec{banner=on, max-stale=10m}}
   */
  @Override
  public String toString() {
    return "StaleIfErrorFilterSpec" + new TreeMap<>(settings);
  }

  /** The rule for paths no route matches, from the settings named like a route's. */
  private static RouteRule defaultRule(Map<String, String> given) {
    RouteRule.Builder rule = RouteRule.forPattern("/*");
    ifSet(given, "max-stale", SettingValues::duration, rule::maxStale);
    ifSet(given, "failure-statuses", SettingValues::statuses, rule::failureStatuses);
    ifSet(given, "soft-deadline", SettingValues::duration, rule::softDeadline);
    ifSet(given, "breaker", SettingValues::onOff, rule::breaker);
    return rule.build();
  }

  /** Reads setting {@code name} with {@code read} and hands the value on, when it is set. */
  private static <T> void ifSet(
      Map<String, String> given, String name, BiFunction<String, String, T> read, Consumer<T> use) {
    String value = given.get(name);
    if (value != null) {
      use.accept(read.apply(name, value));
    }
  }

  private static String token(String name, String value) {
    if (!Headers.isValidName(value)) {
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" (expected: a token, such as Failsoft)");
    }
    return value;
  }

  /** The breaker's settings, or empty when none is given (the builder's defaults apply). */
  private static Optional<CircuitBreaker.Builder> breaker(Map<String, String> given) {
    CircuitBreaker.Builder cb = CircuitBreaker.builder();
    boolean any =
        setting(given, "breaker-window", (n, v) -> cb.windowSize(SettingValues.count(n, v)));
    any |=
        setting(
            given, "breaker-minimum-calls", (n, v) -> cb.minimumCalls(SettingValues.count(n, v)));
    any |=
        setting(
            given,
            "breaker-failure-rate",
            (n, v) -> cb.failureRateThreshold(SettingValues.fraction(n, v)));
    any |=
        setting(
            given,
            "breaker-consecutive-failures",
            (n, v) -> cb.consecutiveGatewayFailures(SettingValues.count(n, v)));
    Duration[] open = new Duration[1];
    any |=
        setting(
            given,
            "breaker-open",
            (n, v) -> cb.openDuration(open[0] = SettingValues.duration(n, v)));
    boolean maxOpen =
        setting(
            given, "breaker-max-open", (n, v) -> cb.maxOpenDuration(SettingValues.duration(n, v)));
    if (!maxOpen
        && open[0] != null
        && open[0].compareTo(Duration.ofSeconds(CircuitBreaker.DEFAULT_MAX_OPEN_DURATION_SECONDS))
            > 0) {
      // A first open time past the default cap raises the cap rather than failing the start.
      cb.maxOpenDuration(open[0]);
    }
    any |= maxOpen;
    any |=
        setting(
            given,
            "breaker-half-open-probes",
            (n, v) -> cb.halfOpenProbes(SettingValues.count(n, v)));
    return any ? Optional.of(cb) : Optional.empty();
  }

  /**
   * Applies setting {@code name} when present; a value core's builder refuses is reported under the
   * setting's name, not the builder's.
   */
  private static boolean setting(
      Map<String, String> given, String name, BiConsumer<String, String> apply) {
    String value = given.get(name);
    if (value == null) {
      return false;
    }
    try {
      apply.accept(name, value);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith(name + ":")) {
        throw e;
      }
      int colon = message.indexOf(": ");
      throw new IllegalArgumentException(
          name + ": " + (colon < 0 ? message : message.substring(colon + 2)), e);
    }
    return true;
  }

  /** A size setting of the filter: at most what one Java array holds (2 GiB). */
  static int parseBytes(String name, String value) {
    return (int) SettingValues.bytes(name, value, MAX_BYTES);
  }
}
