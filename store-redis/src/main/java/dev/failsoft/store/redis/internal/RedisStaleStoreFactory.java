package dev.failsoft.store.redis.internal;

import dev.failsoft.cache.CaffeineStaleStore;
import dev.failsoft.cache.StaleStore;
import dev.failsoft.cache.StaleStoreFactory;
import dev.failsoft.cache.StaleStores;
import dev.failsoft.cache.TieredStaleStore;
import dev.failsoft.store.redis.RedisStaleStore;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code redis://}, {@code rediss://}, {@code redis-sentinel://}, {@code rediss-sentinel://},
 * {@code redis-cluster://} and {@code rediss-cluster://} locations for {@link StaleStores#open}: a
 * {@link TieredStaleStore} with this JVM's Caffeine store in front of a {@link RedisStaleStore}. A
 * cluster location lists its seed nodes, {@code redis-cluster://[user:pass@]h1:p1,h2:p2}. Options:
 * {@value StaleStores#KEY_FILE}, {@value StaleStores#UNAUTHENTICATED} ({@code true}), {@value
 * StaleStores#PREFIX}, {@value StaleStores#MEMORY_BYTES} (the front tier's size).
 */
public final class RedisStaleStoreFactory implements StaleStoreFactory {

  private static final Set<String> SCHEMES =
      Set.of(
          "redis",
          "rediss",
          "redis-sentinel",
          "rediss-sentinel",
          "redis-cluster",
          "rediss-cluster");

  /** Creates the factory (ServiceLoader). */
  public RedisStaleStoreFactory() {}

  @Override
  public Set<String> schemes() {
    return SCHEMES;
  }

  @Override
  public StaleStore open(String location, Map<String, String> options) {
    RedisStaleStore.Builder redis = RedisStaleStore.builder();
    CaffeineStaleStore.Builder memory = CaffeineStaleStore.builder();
    String scheme = location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
    if (scheme.endsWith("-cluster")) {
      redis.cluster(seeds(scheme.substring(0, scheme.length() - "-cluster".length()), location));
    } else {
      redis.uri(location);
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      String value = option.getValue().strip();
      switch (option.getKey()) {
        case StaleStores.KEY_FILE -> redis.keyFile(Path.of(value));
        case StaleStores.PREFIX -> redis.keyPrefix(value);
        case StaleStores.MEMORY_BYTES -> memory.maximumBytes(bytes(value));
        case StaleStores.UNAUTHENTICATED -> {
          if (value.equalsIgnoreCase("true")) {
            redis.unauthenticated();
          } else if (!value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(
                StaleStores.UNAUTHENTICATED + ": " + value + " (expected: true or false)");
          }
        }
        default ->
            throw new IllegalArgumentException(
                option.getKey()
                    + ": unknown option for "
                    + scheme
                    + " (expected: one of key-file, prefix, memory-bytes, unauthenticated)");
      }
    }
    try {
      return TieredStaleStore.of(memory.build(), redis.build());
    } catch (IllegalStateException e) {
      // "keys: none (...)": say it in the words of the string configuration.
      throw new IllegalArgumentException(
          "store-key-file: none for "
              + StaleStores.redact(location)
              + " (expected: a key file, see failsoft-store-redis README; or "
              + StaleStores.UNAUTHENTICATED
              + "=true)");
    }
  }

  private static List<RedisURI> seeds(String baseScheme, String location) {
    int start = location.indexOf("://") + 3;
    int at = location.lastIndexOf('@');
    String userInfo = at >= start ? location.substring(start, at + 1) : "";
    String rest = location.substring(Math.max(start, at + 1));
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    List<RedisURI> seeds = new ArrayList<>();
    for (String host : hosts.split(",")) {
      if (host.isBlank()) {
        continue;
      }
      try {
        seeds.add(RedisURI.create(baseScheme + "://" + userInfo + host.strip()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "store: "
                + StaleStores.redact(location)
                + " (expected: "
                + baseScheme
                + "-cluster://HOST:PORT,HOST:PORT)");
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException(
          "store: " + StaleStores.redact(location) + " (expected: at least one HOST:PORT)");
    }
    return seeds;
  }

  private static long bytes(String value) {
    try {
      long bytes = Long.parseLong(value);
      if (bytes > 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        StaleStores.MEMORY_BYTES + ": " + value + " (expected: bytes > 0)");
  }
}
