package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a {@link StaleStore} from a string: {@code memory} (the default {@link CaffeineStaleStore})
 * or a location whose scheme a store module on the classpath registers through {@link
 * StaleStoreFactory}, such as {@code redis://cache:6379/0} with {@code failsoft-store-redis}.
 *
 * <p>This is the one call an adapter configured with strings makes, for example for a filter
 * init-param {@code store} with {@code store-key-file}, or {@code failsoft gateway --store
 * redis://HOST:PORT[/DB] --store-key-file FILE}:
 *
 * <pre>{@code
 * Map<String, String> options = new HashMap<>();
 * options.put(StaleStores.MEMORY_BYTES, Long.toString(storeBytes));
 * if (keyFile != null) {
 *   options.put(StaleStores.KEY_FILE, keyFile);
 * }
 * StaleStore store = StaleStores.open(storeParam == null ? "memory" : storeParam, options);
 * // ... and on shutdown:
 * if (store instanceof AutoCloseable closeable) {
 *   closeable.close();
 * }
 * }</pre>
 *
 * <p>Every failure is an {@link IllegalArgumentException} with a one-line message (a password in
 * the location is never repeated in it); an unknown scheme names the module to add. Thread-safe.
 */
public final class StaleStores {

  /** The location of the in-memory store: {@value}. */
  public static final String MEMORY = "memory";

  /**
   * Option: bytes held in memory, as a decimal number; for {@code memory} the store's size, for a
   * remote store the size of its local front tier. Default: {@value
   * CaffeineStaleStore#DEFAULT_MAXIMUM_BYTES}. Name: {@value}.
   */
  public static final String MEMORY_BYTES = "memory-bytes";

  /**
   * Option: path of the file holding the keys a remote store authenticates its entries with (the
   * format is the store module's). Name: {@value}.
   */
  public static final String KEY_FILE = "key-file";

  /**
   * Option: {@code true} to open a remote store without a key, accepting that whoever can write to
   * the backend can inject pages. Name: {@value}.
   */
  public static final String UNAUTHENTICATED = "unauthenticated";

  /** Option: the prefix of every backend key, one per application. Name: {@value}. */
  public static final String PREFIX = "prefix";

  // Schemes of Failsoft's own store modules, to name the module when it is missing.
  private static final Map<String, String> KNOWN_MODULES =
      Map.of(
          "redis", "failsoft-store-redis",
          "rediss", "failsoft-store-redis",
          "redis-sentinel", "failsoft-store-redis",
          "rediss-sentinel", "failsoft-store-redis",
          "redis-cluster", "failsoft-store-redis",
          "rediss-cluster", "failsoft-store-redis");

  private StaleStores() {}

  /**
   * Opens the store named by {@code location}.
   *
   * @param location {@value #MEMORY}, or a URI whose scheme a registered {@link StaleStoreFactory}
   *     opens
   * @param options options by name ({@link #MEMORY_BYTES}, {@link #KEY_FILE}, {@link
   *     #UNAUTHENTICATED}, {@link #PREFIX}, or others the store module documents)
   * @return a new thread-safe store; close it when done if it is {@link AutoCloseable}
   * @throws IllegalArgumentException with a one-line message when the location has no registered
   *     scheme or the store refuses the location or an option
   * @throws NullPointerException if an argument is null
   */
  public static StaleStore open(String location, Map<String, String> options) {
    requireNonNull(location, "location");
    requireNonNull(options, "options");
    String trimmed = location.strip();
    if (trimmed.equalsIgnoreCase(MEMORY)) {
      return memory(options);
    }
    String scheme = scheme(trimmed);
    List<StaleStoreFactory> factories = factories();
    for (StaleStoreFactory factory : factories) {
      if (factory.schemes().contains(scheme)) {
        return factory.open(trimmed, options);
      }
    }
    Set<String> known = new TreeSet<>();
    known.add(MEMORY);
    factories.forEach(f -> known.addAll(f.schemes()));
    String module = KNOWN_MODULES.get(scheme);
    throw new IllegalArgumentException(
        "store: "
            + redact(trimmed)
            + (module != null
                ? " (expected: dev.failsoft:"
                    + module
                    + " on the classpath to open "
                    + scheme
                    + " locations)"
                : " (expected: one of " + String.join(", ", known) + ")"));
  }

  /**
   * Returns {@code location} with any user information (a password) replaced by {@code ***}, for
   * messages and logs.
   *
   * @param location a location as given
   * @return the location without credentials
   */
  public static String redact(String location) {
    int start = location.indexOf("://");
    if (start < 0) {
      return location;
    }
    int at = location.lastIndexOf('@');
    return at > start
        ? location.substring(0, start + 3) + "***" + location.substring(at)
        : location;
  }

  private static StaleStore memory(Map<String, String> options) {
    CaffeineStaleStore.Builder builder = CaffeineStaleStore.builder();
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (option.getKey().equals(MEMORY_BYTES)) {
        builder.maximumBytes(parseBytes(option.getValue()));
      } else {
        throw new IllegalArgumentException(
            option.getKey()
                + ": given for store memory (expected: only "
                + MEMORY_BYTES
                + "; keys and prefixes are for a remote store)");
      }
    }
    return builder.build();
  }

  private static long parseBytes(String value) {
    try {
      long bytes = Long.parseLong(value.strip());
      if (bytes > 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(MEMORY_BYTES + ": " + value + " (expected: bytes > 0)");
  }

  private static String scheme(String location) {
    int colon = location.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "store: " + location + " (expected: memory, or a URI such as redis://HOST:PORT/DB)");
    }
    return location.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static List<StaleStoreFactory> factories() {
    List<StaleStoreFactory> found = new ArrayList<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      ServiceLoader.load(StaleStoreFactory.class, context).forEach(found::add);
    }
    if (found.isEmpty()) {
      ServiceLoader.load(StaleStoreFactory.class, StaleStores.class.getClassLoader())
          .forEach(found::add);
    }
    return found;
  }
}
