/**
 * Failsoft's Redis store: last good copies shared by every replica and kept across restarts, on
 * the application's own Lettuce.
 */
module dev.failsoft.store.redis {
  requires transitive dev.failsoft.core;
  requires lettuce.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.failsoft.store.redis;

  provides dev.failsoft.cache.StaleStoreFactory with
      dev.failsoft.store.redis.internal.RedisStaleStoreFactory;
}
