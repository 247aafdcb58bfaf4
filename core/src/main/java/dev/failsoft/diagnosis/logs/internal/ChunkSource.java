package dev.failsoft.diagnosis.logs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into chunks that end on a line boundary (LF, CRLF or CR), so each chunk can be
 * parsed on its own, in parallel with the others. Memory is bounded whatever the input: a chunk
 * holds about {@code chunkBytes} bytes, and a line longer than that is kept only in part (its chunk
 * says so with {@link Chunk#lastLineCut()}) while the rest of it is read and dropped. Not
 * thread-safe; does not close the stream.
 */
public final class ChunkSource {
  /** One piece of input: whole lines in {@code bytes[0, length)}. */
  public record Chunk(byte[] bytes, int length, boolean skipLeadingLf, boolean lastLineCut) {}

  private final InputStream in;
  private final int chunkBytes;
  private byte[] carry = new byte[0];
  private int carryLength;
  private boolean eof;
  private boolean skipLeadingLf;

  /** Reads {@code in} in chunks of about {@code chunkBytes} bytes (at least 1). */
  public ChunkSource(InputStream in, int chunkBytes) {
    this.in = in;
    this.chunkBytes = Math.max(1, chunkBytes);
  }

  /** Returns the next chunk, or null at the end of the input. */
  public Chunk next() throws IOException {
    if (eof && carryLength == 0) {
      return null;
    }
    byte[] buf = Arrays.copyOf(carry, Math.max(chunkBytes, carryLength));
    int length = carryLength;
    carryLength = 0;
    while (length < buf.length && !eof) {
      int n = in.read(buf, length, buf.length - length);
      if (n < 0) {
        eof = true;
      } else {
        length += n;
      }
    }
    boolean lf = skipLeadingLf;
    skipLeadingLf = false;
    if (eof) {
      return length == 0 && !lf ? null : new Chunk(buf, length, lf, false);
    }
    int end = lastTerminator(buf, length);
    if (end >= 0) {
      carryLength = length - end - 1;
      carry = Arrays.copyOfRange(buf, end + 1, length);
      return new Chunk(buf, end + 1, lf, false);
    }
    if (buf[length - 1] == '\r') {
      // The only terminator is a CR at the very end: the line ends there, an LF may follow.
      skipLeadingLf = true;
      carry = new byte[0];
      return new Chunk(buf, length, lf, false);
    }
    // One line longer than a whole chunk: keep this part, drop the rest of the line.
    dropRestOfLine();
    return new Chunk(buf, length, lf, true);
  }

  /**
   * Returns the index of the last terminator that surely ends a line: a CR as the very last byte
   * read may be the first half of a CRLF, so it waits for the next chunk.
   */
  private static int lastTerminator(byte[] b, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (b[i] == '\n' || b[i] == '\r' && i < length - 1) {
        return i;
      }
    }
    return -1;
  }

  private void dropRestOfLine() throws IOException {
    byte[] scratch = new byte[8192];
    while (true) {
      int n = in.read(scratch);
      if (n < 0) {
        eof = true;
        return;
      }
      for (int i = 0; i < n; i++) {
        if (scratch[i] == '\n' || scratch[i] == '\r') {
          int from = i + 1;
          if (scratch[i] == '\r') {
            if (from < n) {
              from += scratch[from] == '\n' ? 1 : 0;
            } else {
              skipLeadingLf = true;
            }
          }
          carry = Arrays.copyOfRange(scratch, from, n);
          carryLength = carry.length;
          return;
        }
      }
    }
  }
}
