package dev.failsoft.cli.internal;

import dev.failsoft.http.HttpDate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's origin: a loopback HTTP/1.1 server on a fixed port that can be switched between
 * healthy and the ways real upstreams fail. Refusing really closes the listening socket, hanging
 * really holds the connection without answering, resetting really sends a TCP RST, and the proxy
 * mode answers with the exact bytes nginx sends for a 502. One connection per request ({@code
 * Connection: close}), so a mode applies from the next request on. Thread-safe.
 */
final class DemoOrigin implements AutoCloseable {
  /** How the origin treats the next requests. */
  enum Mode {
    HEALTHY,
    REFUSING,
    HANGING,
    RESETTING,
    PROXY_502
  }

  /** nginx 1.22's 502 page, byte for byte (ngx_http_special_response.c). */
  private static final String NGINX_502 =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>"
          + "\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1"
          + "</center>\r\n</body>\r\n</html>\r\n";

  private final int port;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger served = new AtomicInteger();
  private volatile Mode mode = Mode.HEALTHY;
  private volatile ServerSocket listener;

  DemoOrigin() throws IOException {
    listener = bind(0);
    port = listener.getLocalPort();
    startAccepting(listener);
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Mode mode() {
    return mode;
  }

  /** Switches the mode; refusing closes the listening socket, leaving it reopens it. */
  synchronized void mode(Mode next) throws IOException {
    if (next == mode) {
      return;
    }
    if (next == Mode.REFUSING) {
      listener.close();
    } else if (mode == Mode.REFUSING) {
      listener = bind(port);
      startAccepting(listener);
    }
    if (mode == Mode.HANGING) {
      releaseHeld();
    }
    mode = next;
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return s;
  }

  private void startAccepting(ServerSocket s) {
    Thread t = new Thread(() -> accept(s), "failsoft-demo-origin");
    t.setDaemon(true);
    t.start();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket c = s.accept();
        Thread t = new Thread(() -> serve(c), "failsoft-demo-origin-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed: refusing, or the demo is over
      }
    }
  }

  private void serve(Socket c) {
    try (c) {
      c.setSoTimeout(10_000);
      if (HttpHead.read(c.getInputStream()).length == 0) {
        return; // closed before sending a request
      }
      switch (mode) {
        case HANGING -> {
          held.add(c);
          // Hold the connection open without a byte until released; the client's timeout ends it.
          try {
            c.getInputStream().read();
          } catch (IOException ignored) {
            // released or timed out
          }
        }
        case RESETTING -> c.setSoLinger(true, 0); // close now sends RST, not FIN
        case PROXY_502 ->
            write(c, 502, "Bad Gateway", "text/html", NGINX_502, "nginx/1.22.1", "no-store");
        default ->
            write(
                c,
                200,
                "OK",
                "text/html;charset=utf-8",
                page(),
                "demo-origin",
                "public, max-age=1");
      }
    } catch (IOException e) {
      // a client that went away is not the demo's concern
    }
  }

  private String page() {
    int n = served.incrementAndGet();
    return "<!doctype html><html><head><title>Failsoft demo</title></head><body>"
        + "<h1>Product 42</h1><p>In stock: 17. Rendered by the origin at "
        + Instant.now()
        + " (page #"
        + n
        + ").</p><p>Reload while the origin fails: you keep getting this page, "
        + "marked stale.</p></body></html>";
  }

  private static void write(
      Socket c,
      int status,
      String reason,
      String type,
      String body,
      String server,
      String cacheControl)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    // RFC 9110 §6.6.1: an origin with a clock sends Date; the caches compute Age from it.
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nDate: "
            + HttpDate.format(Instant.now())
            + "\r\nServer: "
            + server
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + b.length
            + "\r\nCache-Control: "
            + cacheControl
            + "\r\nConnection: close\r\n\r\n";
    OutputStream out = c.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }

  private void releaseHeld() {
    for (Socket s : held) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    held.clear();
  }

  @Override
  public synchronized void close() throws IOException {
    listener.close();
    releaseHeld();
  }
}
