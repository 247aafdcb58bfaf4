package dev.failsoft.config;

import static java.util.Objects.requireNonNull;

import dev.failsoft.policy.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A {@link CircuitBreaker.Config} written as text, the same way wherever a breaker is configured by
 * strings (a filter's init-params, command-line options, application properties): each setting is a
 * name under a prefix, read with {@link SettingValues}'s grammar.
 *
 * <table class="striped">
 *   <caption>Settings (after the prefix, for example {@code breaker-})</caption>
 *   <tr><th>name</th><th>value</th><th>sets</th></tr>
 *   <tr><td>{@code window}</td><td>count</td><td>{@link CircuitBreaker.Builder#windowSize}</td></tr>
 *   <tr><td>{@code minimum-calls}</td><td>count</td>
 *       <td>{@link CircuitBreaker.Builder#minimumCalls}</td></tr>
 *   <tr><td>{@code failure-rate}</td><td>fraction ({@code 0.5}, {@code 50%})</td>
 *       <td>{@link CircuitBreaker.Builder#failureRateThreshold}</td></tr>
 *   <tr><td>{@code consecutive-failures}</td><td>count</td>
 *       <td>{@link CircuitBreaker.Builder#consecutiveGatewayFailures}</td></tr>
 *   <tr><td>{@code open}</td><td>duration</td><td>{@link CircuitBreaker.Builder#openDuration};
 *       past the default cap it raises the cap unless {@code max-open} is set</td></tr>
 *   <tr><td>{@code max-open}</td><td>duration</td>
 *       <td>{@link CircuitBreaker.Builder#maxOpenDuration}</td></tr>
 *   <tr><td>{@code half-open-probes}</td><td>count</td>
 *       <td>{@link CircuitBreaker.Builder#halfOpenProbes}</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
public final class BreakerSettings {
  private BreakerSettings() {}

  /**
   * Reads the breaker settings named {@code prefix + name} from {@code settings}.
   *
   * @param settings setting names and values; names without the prefix are ignored
   * @param prefix the prefix of every breaker setting, for example {@code breaker-}
   * @return the breaker's settings over the defaults, or empty when none is set
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException in one line naming the setting whose value is malformed or out
   *     of range, for example {@code breaker-window: "ten" (expected: a whole number ...)}
   * @throws IllegalStateException when settings that are each valid conflict (a max open time below
   *     the open time), naming them
   */
  public static Optional<CircuitBreaker.Config> read(Map<String, String> settings, String prefix) {
    requireNonNull(settings, "settings");
    requireNonNull(prefix, "prefix");
    CircuitBreaker.Builder cb = CircuitBreaker.builder();
    Reader r = new Reader(settings, prefix);
    boolean any = r.set("window", (n, v) -> cb.windowSize(SettingValues.count(n, v)));
    any |= r.set("minimum-calls", (n, v) -> cb.minimumCalls(SettingValues.count(n, v)));
    any |= r.set("failure-rate", (n, v) -> cb.failureRateThreshold(SettingValues.fraction(n, v)));
    any |=
        r.set(
            "consecutive-failures",
            (n, v) -> cb.consecutiveGatewayFailures(SettingValues.count(n, v)));
    Duration[] open = new Duration[1];
    any |= r.set("open", (n, v) -> cb.openDuration(open[0] = SettingValues.duration(n, v)));
    boolean maxOpen = r.set("max-open", (n, v) -> cb.maxOpenDuration(SettingValues.duration(n, v)));
    Duration cap = Duration.ofSeconds(CircuitBreaker.DEFAULT_MAX_OPEN_DURATION_SECONDS);
    if (!maxOpen && open[0] != null && open[0].compareTo(cap) > 0) {
      // A first open time past the default cap raises the cap rather than failing the start.
      cb.maxOpenDuration(open[0]);
    }
    any |= maxOpen;
    any |= r.set("half-open-probes", (n, v) -> cb.halfOpenProbes(SettingValues.count(n, v)));
    if (!any) {
      return Optional.empty();
    }
    try {
      return Optional.of(cb.config());
    } catch (IllegalArgumentException e) {
      // Each setting was valid on its own; together they are not.
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Applies one setting; a value the builder refuses is reported under the setting's name. */
  private record Reader(Map<String, String> settings, String prefix) {
    boolean set(String suffix, BiConsumer<String, String> apply) {
      String name = prefix + suffix;
      String value = settings.get(name);
      if (value == null || value.isBlank()) {
        return false;
      }
      try {
        apply.accept(name, value.trim());
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
  }
}
