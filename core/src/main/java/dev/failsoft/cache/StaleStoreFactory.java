package dev.failsoft.cache;

import java.util.Map;
import java.util.Set;

/**
 * Opens a {@link StaleStore} named by a location string: the service-provider interface through
 * which a store module (for example {@code failsoft-store-redis}) lets adapters configured with
 * strings (a filter init-param, a command-line option, a Spring property) open its store without
 * depending on it. Callers use {@link StaleStores#open(String, Map)}, never this interface.
 *
 * <p>An implementation is found with {@link java.util.ServiceLoader}: a module lists its class in
 * {@code META-INF/services/dev.failsoft.cache.StaleStoreFactory}; the class needs a public no-arg
 * constructor. Implementations must be thread-safe.
 */
public interface StaleStoreFactory {

  /**
   * Returns the location schemes this factory opens, lower case, for example {@code redis} and
   * {@code rediss}.
   *
   * @return the schemes, never empty
   */
  Set<String> schemes();

  /**
   * Opens the store at {@code location}, whose scheme is one of {@link #schemes()}.
   *
   * @param location the location as given, for example {@code redis://cache:6379/0}
   * @param options the options by name (see the {@code StaleStores} constants); a name this factory
   *     does not know is refused
   * @return a new thread-safe store; when it is {@link AutoCloseable} the caller closes it when
   *     done
   * @throws IllegalArgumentException with a one-line message naming the bad location part or
   *     option, when the location or an option cannot be used
   */
  StaleStore open(String location, Map<String, String> options);
}
