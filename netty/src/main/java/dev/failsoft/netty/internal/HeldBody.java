package dev.failsoft.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A response body held on the heap: every chunk is copied out of the (often pooled, direct) buffer
 * it arrived in, so nothing held points into memory Netty will reuse. Not thread-safe; used on one
 * event loop.
 */
final class HeldBody {
  private static final byte[] EMPTY = new byte[0];

  private byte[] bytes = EMPTY;
  private int size;

  /** Copies the readable bytes of {@code chunk}; the chunk itself is left unchanged. */
  void append(ByteBuf chunk) {
    int n = chunk.readableBytes();
    if (n == 0) {
      return;
    }
    if (size + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.min(bytes.length * 2, 1 << 30)));
    }
    chunk.getBytes(chunk.readerIndex(), bytes, size, n);
    size += n;
  }

  /** Makes room for {@code expected} bytes up front, when the length is announced. */
  void expect(int expected) {
    if (expected > bytes.length) {
      bytes = Arrays.copyOf(bytes, expected);
    }
  }

  int size() {
    return size;
  }

  /** Returns a read-only view of the held bytes. */
  ByteBuffer view() {
    return ByteBuffer.wrap(bytes, 0, size).asReadOnlyBuffer();
  }

  /** Returns a copy of at most the first {@code max} bytes, for a diagnosis. */
  byte[] prefix(int max) {
    return Arrays.copyOf(bytes, Math.min(max, size));
  }

  /** Returns an unpooled heap buffer over the held bytes, to be written once. */
  ByteBuf toBuffer() {
    return size == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes, 0, size);
  }

  /** Drops the held bytes. */
  void clear() {
    bytes = EMPTY;
    size = 0;
  }
}
