package dev.failsoft.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, so progress can be shown against a file's size even when the
 * bytes are decompressed above it. Optionally leaves the underlying stream open on {@link #close()}
 * (when the caller owns it, as with standard input). Not thread-safe; {@link #count()} may be read
 * from another thread as a hint.
 */
public final class CountingInputStream extends FilterInputStream {
  private final boolean closeUnderlying;
  private volatile long count;

  /**
   * Wraps {@code in}.
   *
   * @param closeUnderlying whether {@link #close()} closes {@code in}
   */
  public CountingInputStream(InputStream in, boolean closeUnderlying) {
    super(in);
    this.closeUnderlying = closeUnderlying;
  }

  /** Returns the bytes read so far. */
  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count += Math.max(0, skipped);
    return skipped;
  }

  @Override
  public void close() throws IOException {
    if (closeUnderlying) {
      super.close();
    }
  }
}
