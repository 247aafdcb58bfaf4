/**
 * A stale-if-error HTTP cache: the storage and reuse rules of RFC 9111 and RFC 5861 as pure
 * decisions, the header values of RFC 9211 ({@code Cache-Status}) and RFC 9209 ({@code
 * Proxy-Status}), and a byte-bounded store.
 *
 * <p>Adapters call one type, {@link dev.failsoft.cache.StaleCache}: {@code offer} a response that
 * arrived, {@code serveInstead} a failure, {@code proxyStatus} for a failure passed on. It runs the
 * rules of {@link dev.failsoft.cache.StalePolicy} (a façade over one package-private class per RFC
 * section) against a {@link dev.failsoft.cache.StaleStore} (by default the byte-bounded {@link
 * dev.failsoft.cache.CaffeineStaleStore}), so no adapter holds a caching rule. Every type is
 * immutable and thread-safe unless it says otherwise (builders are not). No method takes or returns
 * null.
 */
@NullMarked
package dev.failsoft.cache;

import org.jspecify.annotations.NullMarked;
