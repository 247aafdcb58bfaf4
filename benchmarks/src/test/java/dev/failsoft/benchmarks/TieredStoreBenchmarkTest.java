package dev.failsoft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.failsoft.benchmarks.micro.TieredStoreBenchmark;
import dev.failsoft.store.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;

/** Runs each lookup of the Redis benchmark once, so a broken setup fails verify. */
class TieredStoreBenchmarkTest {
  @Test
  void everyLookupFindsThePageIncludingTheOneReadFromRedis() {
    assumeTrue(RedisServer.installed(), RedisServer.MISSING);
    try (RedisServer redis = RedisServer.start()) {
      System.setProperty("failsoft.bench.redis", redis.uri());
      TieredStoreBenchmark bench = new TieredStoreBenchmark();
      bench.fill();
      try {
        assertThat(bench.caffeineHit()).isPresent();
        assertThat(bench.tieredFrontHit()).isPresent();
        assertThat(bench.tieredRedisHit()).isPresent();
      } finally {
        bench.close();
        System.clearProperty("failsoft.bench.redis");
      }
    }
  }
}
