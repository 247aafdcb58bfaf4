/**
 * Last good copies that outlive the JVM and are shared by every replica: {@link
 * dev.failsoft.store.redis.RedisStaleStore}, a {@link dev.failsoft.cache.StaleStore} on Redis
 * (standalone, Sentinel or Cluster, through Lettuce), usually placed behind the local Caffeine
 * store with {@link dev.failsoft.cache.TieredStaleStore}.
 *
 * <p>The success path never waits on Redis: writes go through a bounded queue to one writer thread,
 * and reads happen only when a copy is needed, with a short timeout and a breaker; any Redis error
 * reads as a miss. Entries are written in a versioned binary format authenticated with HMAC-SHA256
 * ({@link dev.failsoft.store.redis.SigningKeys}).
 *
 * <p>Adapters configured with strings open it through {@link
 * dev.failsoft.cache.StaleStores#open(String, java.util.Map)} with a {@code redis://} location.
 */
@NullMarked
package dev.failsoft.store.redis;

import org.jspecify.annotations.NullMarked;
