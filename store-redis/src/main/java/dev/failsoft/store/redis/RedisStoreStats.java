package dev.failsoft.store.redis;

/**
 * A snapshot of a {@link RedisStaleStore}'s counters, all counted since it was built. Every way a
 * read can fail (an error, a timeout, an open breaker, a value that does not authenticate or parse)
 * is a miss for the caller and is counted here, so that a metrics binding can show why copies were
 * not found.
 *
 * @param reads reads sent to Redis
 * @param hits reads that found a matching, authentic, unexpired variant
 * @param misses reads that found none (including every failure below)
 * @param readErrors reads that failed with a Redis or connection error
 * @param readTimeouts reads that got no answer within the read timeout
 * @param shortCircuited reads and writes not sent because the breaker was open or no connection was
 *     up
 * @param tampered values whose MAC did not match (changed in Redis, or moved to another key)
 * @param foreignKey values signed under a key id this store does not hold, or unsigned values read
 *     by a store with keys (and signed ones read by an unauthenticated store)
 * @param otherFormat values in another version of the format
 * @param garbage values that are not this format at all, or are truncated
 * @param writesQueued puts and removes accepted into the write queue
 * @param writesCoalesced queued writes replaced by a later one for the same key and variant
 * @param writesDropped writes dropped because the queue was full
 * @param written writes Redis confirmed
 * @param writeErrors writes that failed or timed out (not retried)
 * @param oversized puts refused because the entry exceeds the per-entry byte cap
 * @param breakerOpened times the breaker opened
 */
public record RedisStoreStats(
    long reads,
    long hits,
    long misses,
    long readErrors,
    long readTimeouts,
    long shortCircuited,
    long tampered,
    long foreignKey,
    long otherFormat,
    long garbage,
    long writesQueued,
    long writesCoalesced,
    long writesDropped,
    long written,
    long writeErrors,
    long oversized,
    long breakerOpened) {}
