package dev.failsoft.store.redis.internal;

/**
 * The Lua scripts the store runs, one round trip each. Every key a script touches shares the hash
 * tag of {@link KeyNames}, so each script runs in one Cluster slot; variant keys are derived from
 * the index inside the script, which Redis allows for keys of the declared keys' slot.
 */
public final class Scripts {

  private Scripts() {}

  /**
   * Reads every unexpired variant of one cache key. KEYS[1] the index; ARGV[1] the variant-key
   * prefix, ARGV[2] now (epoch ms). Returns id, value, id, value, ...
   */
  public static final String READ =
      """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '+inf')
      local out = {}
      for _, id in ipairs(ids) do
        local value = redis.call('GET', ARGV[1] .. id)
        if value then
          out[#out + 1] = id
          out[#out + 1] = value
        end
      end
      return out
      """;

  /**
   * Writes one variant. KEYS[1] the index, KEYS[2] the variant key; ARGV[1] the value, ARGV[2] its
   * expiry (epoch ms, PXAT), ARGV[3] the variant id, ARGV[4] now (epoch ms), ARGV[5] the most
   * variants kept. The index drops expired ids, keeps at most ARGV[5] (those expiring last), and
   * its own expiry only grows (PEXPIREAT NX, then GT).
   */
  public static final String WRITE =
      """
      redis.call('SET', KEYS[2], ARGV[1], 'PXAT', ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
      redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[3])
      local extra = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
      if extra > 0 then
        redis.call('ZPOPMIN', KEYS[1], extra)
      end
      redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'NX')
      redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'GT')
      return 1
      """;

  /**
   * Removes every variant of one cache key and its index. KEYS[1] the index; ARGV[1] the
   * variant-key prefix.
   */
  public static final String REMOVE =
      """
      local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
      for _, id in ipairs(ids) do
        redis.call('DEL', ARGV[1] .. id)
      end
      redis.call('DEL', KEYS[1])
      return #ids
      """;
}
