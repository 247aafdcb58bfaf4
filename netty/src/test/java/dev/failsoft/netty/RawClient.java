package dev.failsoft.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client over a plain socket, for what java.net.http cannot do: pipelining, partial reads. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

  RawClient(int port, Duration timeout) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) timeout.toMillis());
    in = socket.getInputStream();
  }

  void send(String requests) throws IOException {
    socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads until {@code marker} has been seen {@code times} times; returns all text read so far. */
  String readUntil(String marker, int times) throws IOException {
    byte[] buf = new byte[8192];
    while (count(text(), marker) < times) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      seen.write(buf, 0, n);
    }
    return text();
  }

  String text() {
    return seen.toString(StandardCharsets.ISO_8859_1);
  }

  static int count(String text, String marker) {
    int n = 0;
    for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
      n++;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
