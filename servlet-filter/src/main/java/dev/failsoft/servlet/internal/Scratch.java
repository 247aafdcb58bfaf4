package dev.failsoft.servlet.internal;

/**
 * One spare byte array per thread, for the filter's bodies that never outlive a request: the buffer
 * a page is held in until the chain ends, and the bytes a stored copy is written from. Reusing it
 * keeps the success and stale paths free of a page-sized allocation per request.
 *
 * <p>An array taken from here holds an earlier request's bytes: a user reads only what it wrote. It
 * must be given back only when nothing else (a stored response, another thread, a container still
 * writing from it) can see it any more.
 */
final class Scratch {
  // Bounds the memory parked per thread (a container has some hundreds of threads at most).
  static final int MAX_BYTES = 64 * 1024;

  private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

  private Scratch() {}

  /** Returns this thread's spare if it holds at least {@code bytes}, removing it; else null. */
  static byte[] take(long bytes) {
    byte[] spare = SPARE.get();
    if (spare == null || spare.length < bytes) {
      return null;
    }
    SPARE.remove();
    return spare;
  }

  /** Keeps {@code array} as this thread's spare when it is larger than the one kept. */
  static void give(byte[] array) {
    if (array.length == 0 || array.length > MAX_BYTES) {
      return;
    }
    byte[] kept = SPARE.get();
    if (kept == null || kept.length < array.length) {
      SPARE.set(array);
    }
  }
}
