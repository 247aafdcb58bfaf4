package dev.failsoft.netty.internal;

import dev.failsoft.cache.StaleCache;
import dev.failsoft.http.RequestHead;
import dev.failsoft.netty.Route;
import dev.failsoft.policy.CircuitBreaker;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response on a channel: what the handler behind answers (the user side) and
 * what goes to the client (the wire side), which differ when a stored copy replaces the answer. Not
 * thread-safe; used on the channel's event loop.
 */
final class Exchange {
  /** What happens to the next message the handler behind writes for this exchange. */
  enum State {
    /** Not acted on (another method, a disabled route, an unparsable target): written through. */
    PASS,
    /** No response head yet. */
    AWAIT,
    /** The head and part of the body are held until the outcome is known. */
    HOLD,
    /** A failure is being decided (a store read may be under way); messages are still held. */
    DECIDE,
    /** The answer was replaced; what the handler behind still writes is released unseen. */
    SWALLOW,
    /** The handler behind is done. */
    DONE
  }

  final @Nullable RequestHead head;
  final Route route;
  final @Nullable StaleCache cache;
  final HttpVersion version;
  final boolean keepAlive;
  final Instant sent;
  final String key;
  @Nullable CircuitBreaker breaker;

  /** For an unsafe method: the request whose success makes stored copies obsolete. */
  @Nullable RequestHead invalidates;

  State state;

  /** The handler behind finished its response (or was never asked). */
  boolean userDone;

  /** The last message of the response to this exchange was written to the channel. */
  boolean wireDone;

  /** The request's own messages are released rather than passed on (a copy was served at once). */
  boolean skipRequest;

  @Nullable HttpResponse heldHead;
  final HeldBody body = new HeldBody();
  @Nullable HttpHeaders trailers;
  final List<ChannelPromise> heldPromises = new ArrayList<>(2);
  StaleCache.@Nullable Storing storing;
  boolean failureStatus;
  @Nullable Throwable failure;
  @Nullable ScheduledFuture<?> deadline;

  /** The write that ended this exchange on the wire. */
  @Nullable ChannelFuture wireEnd;

  /** Messages for the wire waiting behind earlier exchanges (HTTP/1.1 keeps response order). */
  final ArrayDeque<Object> queued = new ArrayDeque<>(0);

  Exchange(
      @Nullable RequestHead head,
      Route route,
      @Nullable StaleCache cache,
      HttpVersion version,
      boolean keepAlive,
      Instant sent,
      String key) {
    this.head = head;
    this.route = route;
    this.cache = cache;
    this.version = version;
    this.keepAlive = keepAlive;
    this.sent = sent;
    this.key = key;
    this.state = head == null ? State.PASS : State.AWAIT;
  }

  /** Whether a failure here may still be replaced by a stored copy. */
  boolean replaceable() {
    return head != null && (state == State.AWAIT || state == State.HOLD);
  }

  void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  /**
   * Completes the promises of held messages once {@code written} completes, as the outcome of the
   * write that took their place.
   */
  void completeHeldAfter(ChannelFuture written) {
    if (heldPromises.isEmpty()) {
      return;
    }
    List<ChannelPromise> promises = new ArrayList<>(heldPromises);
    heldPromises.clear();
    written.addListener(
        f -> {
          for (ChannelPromise p : promises) {
            if (f.isSuccess()) {
              p.trySuccess();
            } else {
              p.tryFailure(f.cause());
            }
          }
        });
  }

  /** Drops everything held, failing its promises with {@code cause}. */
  void abandon(Throwable cause) {
    cancelDeadline();
    body.clear();
    heldHead = null;
    for (ChannelPromise p : heldPromises) {
      p.tryFailure(cause);
    }
    heldPromises.clear();
    for (Object o; (o = queued.poll()) != null; ) {
      if (o instanceof ChannelPromise p) {
        p.tryFailure(cause);
      } else {
        ReferenceCountUtil.release(o);
      }
    }
  }
}
