package dev.failsoft.diagnosis;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads the raw {@code .http} fixtures: status line, CRLF header lines, empty line, body. */
final class ResponseFixtures {
  private ResponseFixtures() {}

  /** A parsed fixture. */
  record Raw(ResponseHead head, byte[] body) {}

  static Raw load(String name) {
    byte[] all;
    try (InputStream in = ResponseFixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      all = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int end = indexOf(all, new byte[] {'\r', '\n', '\r', '\n'});
    if (end < 0) {
      throw new IllegalArgumentException(name + ": no empty line after the headers");
    }
    String[] lines = new String(all, 0, end, ISO_8859_1).split("\r\n");
    // "HTTP/1.1 502 Bad Gateway", "HTTP/1.1 503 " (Tomcat) or curl's "HTTP/2 502".
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1].strip());
    String reason = statusLine.length > 2 ? statusLine[2].strip() : "";
    Headers.Builder headers = Headers.builder();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.addLenient(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
      }
    }
    return new Raw(
        new ResponseHead(status, reason, headers.build()),
        Arrays.copyOfRange(all, end + 4, all.length));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
