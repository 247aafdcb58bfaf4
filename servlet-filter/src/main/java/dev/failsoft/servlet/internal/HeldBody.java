package dev.failsoft.servlet.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Optional;

/**
 * The body of one response as the application wrote it, up to a cap: bytes from an output stream or
 * characters from a writer (a response uses one of them at a time), in one growing array. It holds
 * the body while the response may still be replaced, and afterwards keeps copying what passes
 * through so that the whole body can still be stored.
 *
 * <p>Bytes and characters share every rule (cap, growth, copying); only the array type differs, so
 * the array is kept as an {@code Object} and moved with {@link System#arraycopy}. Characters are
 * encoded with the writer's charset only when the body is read.
 *
 * <p>Not thread-safe: its owner serialises the calls.
 */
final class HeldBody {
  private static final byte[] NO_BYTES = new byte[0];
  private static final char[] NO_CHARS = new char[0];
  private static final int MIN_GROWTH = 2048;

  private final int cap;
  private final boolean pooled;

  /** A {@code byte[]} or a {@code char[]}; only its first {@link #count} entries are the body. */
  private Object array = NO_BYTES;

  private int capacity;
  private int count;
  private boolean capturing = true;
  private Charset charset;

  /**
   * @param cap the most bytes (characters, for a writer) held or copied
   * @param pooled whether the byte array may come from, and go back to, this thread's {@link
   *     Scratch} (only when no other thread ever touches this body)
   */
  HeldBody(int cap, boolean pooled) {
    this.cap = cap;
    this.pooled = pooled;
  }

  /** The application took the output stream: what follows is bytes. */
  void useBytes() {
    if (!(array instanceof byte[])) {
      array = NO_BYTES;
      capacity = 0;
      count = 0;
    }
  }

  /**
   * The application took the writer: what follows is characters.
   *
   * @param charset the writer's encoding, or null when the container named one Java lacks (the body
   *     can then be passed through but not read)
   */
  void useChars(Charset charset) {
    this.charset = charset;
    if (!(array instanceof char[])) {
      array = NO_CHARS;
      capacity = 0;
      count = 0;
    }
  }

  /** Returns the bytes (characters) held or copied so far. */
  int size() {
    return count;
  }

  /** Returns whether every byte written so far is here (nothing was dropped). */
  boolean isWhole() {
    return capturing;
  }

  /** Returns the array the body is in: a {@code byte[]} or {@code char[]} of {@link #size()}+. */
  Object array() {
    return array;
  }

  /**
   * Holds {@code len} entries of {@code source} if the body stays within the cap.
   *
   * @param source a {@code byte[]} or {@code char[]}, of the kind in use
   * @param sizeHint the length the application declared, or -1: the array grows to it at once
   * @return false, holding nothing, when the body would pass the cap
   */
  boolean hold(Object source, int off, int len, long sizeHint) {
    if (len > cap - count) {
      return false;
    }
    append(source, off, len, sizeHint <= cap ? sizeHint : -1);
    return true;
  }

  /** Holds characters straight from a String (no intermediate array), if within the cap. */
  boolean hold(String source, int off, int len) {
    if (!(array instanceof char[]) || len > cap - count) {
      return false;
    }
    ensure(count + len, -1);
    source.getChars(off, off + len, (char[]) array, count);
    count += len;
    return true;
  }

  /**
   * Copies what passed through to the container, so that the whole body can still be stored; past
   * the cap the copy is dropped for good.
   */
  void copy(Object source, int off, int len) {
    if (!capturing) {
      return;
    }
    if (len > cap - count) {
      drop();
      return;
    }
    append(source, off, len, -1);
  }

  /** Forgets what is held, keeping the array (a reset of the buffer). */
  void clear() {
    count = 0;
  }

  /** Forgets the body for good: nothing more is held or copied. */
  void drop() {
    capturing = false;
    array = array instanceof char[] ? NO_CHARS : NO_BYTES;
    capacity = 0;
    count = 0;
  }

  /**
   * Returns a read-only view of the whole body as bytes, if every byte was seen; empty when some
   * were dropped, or when characters cannot be encoded (no known charset). The view of held bytes
   * is valid until {@link #recycle}.
   */
  Optional<ByteBuffer> bytes() {
    if (!capturing) {
      return Optional.empty();
    }
    if (array instanceof char[] c) {
      if (count > 0 && charset == null) {
        return Optional.empty();
      }
      CharBuffer chars = CharBuffer.wrap(c, 0, count);
      return Optional.of(
          (count == 0 ? ByteBuffer.wrap(NO_BYTES) : charset.encode(chars)).asReadOnlyBuffer());
    }
    return Optional.of(ByteBuffer.wrap((byte[]) array, 0, count).asReadOnlyBuffer());
  }

  /** Returns the first {@code max} bytes of the body (characters encoded), possibly none. */
  byte[] prefix(int max) {
    if (array instanceof char[] c) {
      if (count == 0 || charset == null) {
        return NO_BYTES;
      }
      ByteBuffer encoded = charset.encode(CharBuffer.wrap(c, 0, Math.min(count, max)));
      byte[] prefix = new byte[Math.min(max, encoded.remaining())];
      encoded.get(prefix);
      return prefix;
    }
    return Arrays.copyOf((byte[]) array, Math.min(max, count));
  }

  /**
   * Gives the byte array back to this thread's {@link Scratch} and forgets the body. Only for a
   * pooled body, once no one can read it any more.
   */
  void recycle() {
    Object spare = array;
    drop();
    if (pooled && spare instanceof byte[] b) {
      Scratch.give(b);
    }
  }

  private void append(Object source, int off, int len, long sizeHint) {
    ensure(count + len, sizeHint);
    System.arraycopy(source, off, array, count, len);
    count += len;
  }

  /**
   * Grows to hold {@code needed} entries: to the declared length at once when it is known, else at
   * least doubling. The first byte array is this thread's spare when one is large enough.
   */
  private void ensure(int needed, long sizeHint) {
    if (needed <= capacity) {
      return;
    }
    int size =
        sizeHint >= needed ? (int) sizeHint : Math.max(needed, Math.max(MIN_GROWTH, capacity * 2));
    if (array instanceof byte[] b) {
      byte[] spare = capacity == 0 && pooled ? Scratch.take(Math.max(needed, sizeHint)) : null;
      byte[] grown = spare != null ? spare : Arrays.copyOf(b, size);
      array = grown;
      capacity = grown.length;
    } else {
      char[] grown = Arrays.copyOf((char[]) array, size);
      array = grown;
      capacity = grown.length;
    }
  }
}
