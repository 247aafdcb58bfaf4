/**
 * Internals of {@link dev.failsoft.cache}: scanners for field values, Structured Field
 * serialisation and the value a {@link dev.failsoft.cache.CaffeineStaleStore} keeps per URL.
 *
 * <p>Nothing here is API: types may change in any release. Everything is immutable or stateless and
 * thread-safe.
 */
@NullMarked
package dev.failsoft.cache.internal;

import org.jspecify.annotations.NullMarked;
