package dev.failsoft.cli.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Decodes a saved HTTP/1.1 chunked body (RFC 9112 §7.1) tolerantly: CRLF or bare LF, chunk
 * extensions ignored, trailers dropped, and a body cut short (a saved prefix) decoded as far as it
 * goes. Input whose first line is not a chunk size is returned as it is: the header lied.
 */
final class Dechunker {
  private Dechunker() {}

  /** Returns at most {@code max} decoded bytes of {@code raw}. */
  static byte[] decode(byte[] raw, int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length, max));
    int i = 0;
    boolean first = true;
    while (i < raw.length && out.size() < max) {
      int eol = indexOf(raw, (byte) '\n', i);
      long size = chunkSize(raw, i, eol < 0 ? raw.length : eol);
      if (size < 0) {
        return first ? Arrays.copyOf(raw, Math.min(raw.length, max)) : out.toByteArray();
      }
      first = false;
      if (size == 0 || eol < 0) {
        break;
      }
      int start = eol + 1;
      int take = (int) Math.min(size, Math.min(raw.length - start, max - out.size()));
      out.write(raw, start, take);
      i = start + take;
      // Skip the CRLF (or LF) that ends the chunk's data.
      if (i < raw.length && raw[i] == '\r') {
        i++;
      }
      if (i < raw.length && raw[i] == '\n') {
        i++;
      }
    }
    return out.toByteArray();
  }

  /**
   * Parses the hex size at the start of a chunk line, ignoring extensions; -1 when there is none.
   */
  private static long chunkSize(byte[] raw, int from, int to) {
    long size = 0;
    int digits = 0;
    int i = from;
    for (; i < to; i++) {
      int d = Character.digit((char) (raw[i] & 0xff), 16);
      if (d < 0) {
        break;
      }
      if (++digits > 15) {
        return -1;
      }
      size = size * 16 + d;
    }
    if (digits == 0) {
      return -1;
    }
    for (; i < to; i++) {
      byte b = raw[i];
      if (b == ';') {
        return size;
      }
      if (b != ' ' && b != '\t' && b != '\r') {
        return -1;
      }
    }
    return size;
  }

  private static int indexOf(byte[] raw, byte b, int from) {
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
