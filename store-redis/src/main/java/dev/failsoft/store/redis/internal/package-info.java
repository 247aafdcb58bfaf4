/**
 * Internals of the Redis store: the value format, key names, the write queue, the breaker and the
 * connection. Not API.
 */
@NullMarked
package dev.failsoft.store.redis.internal;

import org.jspecify.annotations.NullMarked;
