package dev.failsoft.testing;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Captures a whole HTTP/1.1 exchange as raw bytes over a plain loopback socket, so a test sees
 * exactly what a proxy put on the wire — header case and order, reason phrase, body bytes, or no
 * status line at all (an HTTP/0.9 pass-through) — which higher-level clients normalise away.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * A captured response.
   *
   * @param raw every byte received until the peer closed
   * @param statusLine the first line without CRLF, or empty when the bytes are not HTTP/1.x
   * @param status the status code, or -1 without a status line
   * @param reason the reason phrase (may be empty)
   * @param headers the header fields in wire order (lenient: odd lines are skipped)
   * @param body the bytes after the header section (all bytes without a status line)
   */
  public record Response(
      byte[] raw, String statusLine, int status, String reason, Headers headers, byte[] body) {

    /** Returns the head for the diagnoser, when there was a status line. */
    public Optional<ResponseHead> head() {
      return status < 100 || status > 999
          ? Optional.empty()
          : Optional.of(new ResponseHead(status, reason, headers));
    }

    /** Returns the body decoded as ISO-8859-1 (byte-preserving). */
    public String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }

    /** Returns the whole capture decoded as ISO-8859-1 (byte-preserving). */
    public String rawText() {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Sends {@code GET path} with {@code Connection: close} to 127.0.0.1:{@code port} and reads until
   * the peer closes or {@code timeout} passes without a byte.
   */
  public static Response get(int port, String path, Duration timeout) throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\n"
            + "User-Agent: failsoft-test\r\n"
            + "Accept: */*\r\n"
            + "Connection: close\r\n\r\n";
    return parse(exchange(port, request, timeout));
  }

  /**
   * Sends the raw {@code request} to 127.0.0.1:{@code port} and returns every byte until the peer
   * closes; a reset after some bytes arrived keeps them (a proxy may reset instead of closing).
   *
   * @throws IOException if the connect fails, nothing arrives before a reset, or {@code timeout}
   *     passes without a byte
   */
  public static byte[] exchange(int port, String request, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) != -1; ) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new IOException(
            "no close from port "
                + port
                + " within "
                + timeout
                + "; received so far: "
                + out.toString(StandardCharsets.ISO_8859_1),
            e);
      } catch (SocketException reset) {
        if (out.size() == 0) {
          throw reset;
        }
      }
      return out.toByteArray();
    }
  }

  /** Splits raw response bytes into status line, headers and body; never throws. */
  public static Response parse(byte[] raw) {
    int headEnd = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'});
    boolean http1 =
        raw.length >= 5 && new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/");
    if (!http1 || headEnd < 0) {
      return new Response(raw.clone(), "", -1, "", Headers.empty(), raw.clone());
    }
    String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    String statusLine = lines[0];
    int status = -1;
    String reason = "";
    String[] parts = statusLine.split(" ", 3);
    if (parts.length >= 2) {
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        status = -1;
      }
      reason = parts.length == 3 ? parts[2] : "";
    }
    Headers.Builder headers = Headers.builder();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.addLenient(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim());
      }
    }
    return new Response(
        raw.clone(),
        statusLine,
        status,
        reason,
        headers.build(),
        Arrays.copyOfRange(raw, headEnd + 4, raw.length));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
