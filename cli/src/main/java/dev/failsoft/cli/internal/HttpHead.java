package dev.failsoft.cli.internal;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads and parses an HTTP/1.x response head tolerantly: CRLF or bare LF line ends, status lines
 * like {@code HTTP/2 502} or without a reason phrase, obsolete line folding, and header lines that
 * are not fields (skipped). What is not a response at all is {@link BadInput}.
 */
final class HttpHead {
  /** The largest head read, in bytes; nginx's default large_client_header_buffers is 4 × 8 KiB. */
  static final int MAX_HEAD = 64 * 1024;

  private HttpHead() {}

  /**
   * Reads the head's bytes up to and including the blank line that ends it (or to end of input),
   * leaving {@code in} at the first body byte.
   *
   * @throws BadInput when the head is longer than {@value #MAX_HEAD} bytes
   */
  static byte[] read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
    int lineLength = 0;
    boolean content = false;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new BadInput("response head is longer than " + MAX_HEAD + " bytes");
      }
      if (b == '\n') {
        if (lineLength == 0 && content) {
          break; // the blank line after the fields (RFC 9112 §2.1)
        }
        content |= lineLength > 0;
        lineLength = 0;
      } else if (b != '\r') {
        lineLength++;
      }
    }
    return head.toByteArray();
  }

  /** Parses a head read by {@link #read}. */
  static ResponseHead parse(byte[] head) {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    int pos = 0;
    if (text.startsWith("\u00ef\u00bb\u00bf")) {
      pos = 3; // a UTF-8 byte order mark from an editor
    }
    // RFC 9112 §2.2: a recipient may ignore blank lines before the start line.
    while (pos < text.length() && (text.charAt(pos) == '\r' || text.charAt(pos) == '\n')) {
      pos++;
    }
    int eol = lineEnd(text, pos);
    String statusLine = strip(text.substring(pos, eol));
    if (statusLine.isEmpty()) {
      throw new BadInput("empty input: expected an HTTP response (status line, headers, body)");
    }
    ResponseHead start = statusLine(statusLine);
    Headers.Builder headers = Headers.builder();
    String name = null;
    StringBuilder value = new StringBuilder();
    pos = next(text, eol);
    while (pos < text.length()) {
      eol = lineEnd(text, pos);
      String line = strip(text.substring(pos, eol));
      pos = next(text, eol);
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
        value.append(' ').append(line.strip()); // RFC 9112 §5.2: obs-fold becomes a space
        continue;
      }
      if (name != null) {
        headers.addLenient(name, value.toString());
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        name = null;
        continue;
      }
      name = line.substring(0, colon).strip();
      value.setLength(0);
      value.append(line.substring(colon + 1).strip());
    }
    if (name != null) {
      headers.addLenient(name, value.toString());
    }
    return new ResponseHead(start.status(), start.reason(), headers.build());
  }

  /** Parses {@code HTTP/x[.y] SP code [SP reason]}; the version is not checked. */
  private static ResponseHead statusLine(String line) {
    if (!line.regionMatches(true, 0, "HTTP/", 0, 5)) {
      throw new BadInput(
          "not an HTTP response: the first line is not a status line like "
              + "'HTTP/1.1 502 Bad Gateway' (it starts \""
              + printable(line)
              + "\")");
    }
    int sp = line.indexOf(' ');
    int start = sp < 0 ? line.length() : sp + 1;
    while (start < line.length() && line.charAt(start) == ' ') {
      start++;
    }
    int end = start;
    while (end < line.length() && Character.isDigit(line.charAt(end)) && end - start < 4) {
      end++;
    }
    boolean delimited = end == line.length() || line.charAt(end) == ' ';
    if (end - start != 3 || !delimited || line.charAt(start) == '0') {
      throw new BadInput(
          "not an HTTP response: no three-digit status code in \"" + printable(line) + "\"");
    }
    int status = Integer.parseInt(line, start, end, 10);
    return new ResponseHead(status, line.substring(end).strip(), Headers.empty());
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl;
  }

  private static int next(String text, int eol) {
    return Math.min(text.length(), eol + 1);
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Returns the start of {@code s} with control characters shown as '?', for error messages. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }
    return s.length() > 40 ? b + "…" : b.toString();
  }
}
