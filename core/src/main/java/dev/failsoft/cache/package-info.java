/**
 * A stale-while-error HTTP cache: the storage and reuse rules of RFC 9111 and RFC 5861 as pure
 * decisions, the header values of RFC 9211 ({@code Cache-Status}) and RFC 9209 ({@code
 * Proxy-Status}), and a byte-bounded store.
 *
 * <p>Adapters call {@link dev.failsoft.cache.StalePolicy} to decide ({@code mayStore}, {@code
 * mayServeFresh}, {@code mayServeStale}, {@code mayServeWhileRevalidating}, {@code retention}), key
 * requests with {@link dev.failsoft.cache.CacheKey}, keep {@link
 * dev.failsoft.cache.StoredResponse}s in a {@link dev.failsoft.cache.StaleStore} (by default the
 * Caffeine-backed {@link dev.failsoft.cache.CaffeineStaleStore}), and collapse concurrent refreshes
 * with {@link dev.failsoft.cache.SingleFlight}. No adapter re-implements a caching rule. Every type
 * is immutable and thread-safe unless it says otherwise (builders are not).
 */
package dev.failsoft.cache;
