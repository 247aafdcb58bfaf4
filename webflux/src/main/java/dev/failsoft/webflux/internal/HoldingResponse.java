package dev.failsoft.webflux.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response that holds what the handler writes — copied into heap memory, each {@link DataBuffer}
 * released at once — up to a cap, so the filter can still replace a failure once the handler is
 * done. A longer body, an event stream or a {@code writeAndFlushWith} (streaming) goes straight to
 * the real response, the bytes held so far first; from then on the response is the handler's.
 *
 * <p>Exactly one side writes to the real response: the handler (it passed through) or the filter
 * (it {@linkplain #take() took} the response); a race between the two is settled by one
 * compare-and-set. After the filter took it, whatever the handler still writes is released and
 * dropped.
 */
public final class HoldingResponse extends ServerHttpResponseDecorator {
  private static final int OPEN = 0;
  private static final int PASSED = 1;
  private static final int TAKEN = 2;
  private static final byte[] EMPTY = new byte[0];

  private final AtomicInteger state = new AtomicInteger(OPEN);
  private final int cap;
  private byte[] held = EMPTY;
  private int length;

  /** Holds up to {@code cap} bytes of what is written to {@code delegate}. */
  public HoldingResponse(ServerHttpResponse delegate, int cap) {
    super(delegate);
    this.cap = cap;
  }

  /** Returns whether the handler's output went to the real response (nothing can be replaced). */
  public boolean passedThrough() {
    return state.get() == PASSED;
  }

  /**
   * Takes the response for the filter: from now on the handler's writes are dropped. False when the
   * handler's output already went through.
   */
  public boolean take() {
    return state.compareAndSet(OPEN, TAKEN) || state.get() == TAKEN;
  }

  /** Returns the bytes held: the whole body when the handler finished without passing through. */
  public ByteBuffer heldBody() {
    return ByteBuffer.wrap(held, 0, length).asReadOnlyBuffer();
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    if (state.get() == TAKEN) {
      return drop(body);
    }
    if (isEventStream() && state.compareAndSet(OPEN, PASSED)) {
      return passHeldThen(Flux.from(body));
    }
    return Flux.<DataBuffer>from(body)
        .concatMap(this::accept)
        .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
        .switchOnFirst((first, all) -> first.hasValue() ? getDelegate().writeWith(all) : all.then())
        .then();
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    if (state.compareAndSet(OPEN, PASSED)) {
      if (length == 0) {
        return getDelegate().writeAndFlushWith(body);
      }
      return getDelegate()
          .writeAndFlushWith(Flux.concat(Mono.just(Mono.just(wrapHeld())), Flux.from(body)));
    }
    return state.get() == PASSED
        ? getDelegate().writeAndFlushWith(body)
        : Flux.from(body).concatMap(HoldingResponse::drop).then();
  }

  @Override
  public Mono<Void> setComplete() {
    // The filter completes the real response once it knows the outcome; a response the handler
    // passed through is completed by the server as usual.
    return state.get() == PASSED ? getDelegate().setComplete() : Mono.empty();
  }

  /** While holding, copies and releases; past the cap, passes the held bytes and the rest on. */
  private Publisher<DataBuffer> accept(DataBuffer buffer) {
    int s = state.get();
    if (s == PASSED) {
      return Mono.just(buffer);
    }
    if (s == TAKEN) {
      DataBufferUtils.release(buffer);
      return Mono.empty();
    }
    int n = buffer.readableByteCount();
    if (n <= cap - length) {
      try {
        if (held.length < length + n) {
          held = Arrays.copyOf(held, Math.min(cap, Math.max(length + n, held.length * 2)));
        }
        buffer.read(held, length, n);
        length += n;
      } finally {
        DataBufferUtils.release(buffer);
      }
      return Mono.empty();
    }
    if (!state.compareAndSet(OPEN, PASSED)) {
      DataBufferUtils.release(buffer);
      return Mono.empty();
    }
    return length == 0 ? Mono.just(buffer) : Flux.just(wrapHeld(), buffer);
  }

  private Mono<Void> passHeldThen(Flux<? extends DataBuffer> rest) {
    if (length == 0) {
      return getDelegate().writeWith(rest);
    }
    return getDelegate().writeWith(Flux.concat(Mono.just(wrapHeld()), rest));
  }

  private DataBuffer wrapHeld() {
    DataBuffer out = bufferFactory().wrap(Arrays.copyOf(held, length));
    held = EMPTY;
    length = 0;
    return out;
  }

  private boolean isEventStream() {
    MediaType type = getDelegate().getHeaders().getContentType();
    return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
  }

  private static Mono<Void> drop(Publisher<? extends DataBuffer> body) {
    return Flux.from(body).doOnNext(DataBufferUtils::release).then();
  }
}
