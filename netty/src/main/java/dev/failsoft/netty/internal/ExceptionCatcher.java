package dev.failsoft.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Kept at the end of the pipeline: an exception the handlers behind {@code StaleIfErrorHandler}
 * threw and did not handle reaches it, and becomes the failure of the request in progress.
 */
final class ExceptionCatcher extends ChannelInboundHandlerAdapter {
  private final Conduit conduit;

  ExceptionCatcher(Conduit conduit) {
    this.conduit = conduit;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!conduit.handlerFailed(cause)) {
      ctx.fireExceptionCaught(cause);
    }
  }
}
