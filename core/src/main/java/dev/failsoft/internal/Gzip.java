package dev.failsoft.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads gzip input transparently, recognised by its magic bytes whatever the file's name. */
public final class Gzip {
  private Gzip() {}

  /**
   * Returns {@code in} decompressed when it starts with the gzip magic bytes {@code 1f 8b} (RFC
   * 1952 §2.3.1), else {@code in} itself, unread.
   */
  public static InputStream decompressIfGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }
}
