/**
 * Failsoft for Netty HTTP servers: {@link dev.failsoft.netty.StaleIfErrorHandler}, placed after
 * {@code HttpServerCodec} (or in each HTTP/2 stream's pipeline after {@code
 * Http2StreamFrameToHttpObjectCodec}), serves the last good copy of a page when the handlers behind
 * it fail. Every caching rule is core's ({@link dev.failsoft.cache.StaleCache}); this package only
 * moves Netty's messages in and out of it.
 */
@NullMarked
package dev.failsoft.netty;

import org.jspecify.annotations.NullMarked;
