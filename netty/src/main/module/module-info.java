/**
 * Failsoft for Netty HTTP servers: a handler placed after the HTTP codec that serves the last good
 * copy instead of a failure, without blocking the event loop.
 */
module dev.failsoft.netty {
  requires transitive dev.failsoft.core;
  requires static transitive io.netty.codec.http;
  requires static transitive io.netty.transport;
  requires static io.netty.buffer;
  requires static io.netty.common;
  requires static io.netty.codec;
  requires static io.netty.handler;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.failsoft.netty;
}
