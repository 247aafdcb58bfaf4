package dev.failsoft.diagnosis.logs.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ending in LF, CRLF or CR in bounded memory: a line longer than the limit keeps its
 * first {@code maxLength} characters and the rest is skipped without being stored. Not thread-safe;
 * does not close the reader.
 */
public final class LineReader {
  private final Reader in;
  private final int maxLength;
  private final char[] buf = new char[8192];
  private final StringBuilder line = new StringBuilder(256);
  private int pos;
  private int limit;
  private boolean skipLf;
  private boolean oversized;
  private long charsRead;

  public LineReader(Reader in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /** Returns the next line without its terminator, or null at the end of input. */
  public String next() throws IOException {
    line.setLength(0);
    oversized = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
          pos = limit = 0;
          return any ? finish() : null;
        }
        charsRead += n;
        pos = 0;
        limit = n;
      }
      if (skipLf) {
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
          continue;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n' && buf[pos] != '\r') {
        pos++;
      }
      append(start, pos - start);
      if (pos < limit) {
        skipLf = buf[pos++] == '\r';
        return finish();
      }
    }
  }

  /** Returns true when the line last returned was cut to the limit. */
  public boolean lastOversized() {
    return oversized;
  }

  /** Returns the characters consumed from the reader so far. */
  public long charsRead() {
    return charsRead;
  }

  private void append(int start, int n) {
    int room = maxLength - line.length();
    if (n > room) {
      oversized = true;
    }
    if (room > 0) {
      line.append(buf, start, Math.min(n, room));
    }
  }

  private String finish() {
    return line.toString();
  }
}
