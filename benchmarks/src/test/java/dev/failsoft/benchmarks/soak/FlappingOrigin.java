package dev.failsoft.benchmarks.soak;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback origin that is, by turns, healthy (keep-alive 200s whose body names the requested
 * path), refusing (its port closed), hanging (requests read, never answered) or resetting (requests
 * read, then a TCP RST). Healthy pages say {@code max-age=1, stale-if-error=600}, so a cache in
 * front of it has stale copies to serve during the faults. Thread-safe.
 */
final class FlappingOrigin implements AutoCloseable {
  enum Mode {
    HEALTHY,
    REFUSING,
    HANGING,
    RESETTING
  }

  static final String BODY_PREFIX = "page:";
  static final int BODY_PADDING = 2048;

  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong served = new AtomicLong();
  private volatile Mode mode = Mode.HEALTHY;
  private volatile ServerSocket server;
  private volatile boolean closed;
  private final Thread acceptor;

  FlappingOrigin() throws IOException {
    server = bind(0);
    port = server.getLocalPort();
    acceptor = new Thread(this::acceptLoop, "flapping-origin-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return port;
  }

  Mode mode() {
    return mode;
  }

  long served() {
    return served.get();
  }

  /** The body a healthy origin sends for {@code path}: the path, then padding. */
  static String body(String path) {
    return BODY_PREFIX + path + "\n" + "x".repeat(BODY_PADDING);
  }

  /** Switches mode; leaving HEALTHY or HANGING drops every open connection. */
  synchronized void mode(Mode next) throws IOException {
    Mode previous = mode;
    mode = next;
    if (next == Mode.REFUSING) {
      ServerSocket s = server;
      server = null;
      if (s != null) {
        s.close();
      }
    } else if (server == null && !closed) {
      server = bind(port);
      notifyAll();
    }
    if (next != Mode.HEALTHY && previous != next) {
      for (Socket s : open) {
        reset(s);
      }
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    return s;
  }

  private void acceptLoop() {
    while (!closed) {
      ServerSocket s;
      synchronized (this) {
        while ((s = server) == null && !closed) {
          try {
            wait(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      if (closed) {
        return;
      }
      try {
        Socket socket = s.accept();
        open.add(socket);
        Thread t = new Thread(() -> serve(socket), "flapping-conn-" + port);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        // The port was closed for REFUSING, or the origin is closing: loop and look again.
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!closed) {
        String path = readRequest(in);
        if (path == null) {
          return;
        }
        switch (mode) {
          case HEALTHY -> {
            byte[] body = body(path).getBytes(StandardCharsets.UTF_8);
            // Counted before the answer leaves: a client that has read it must see the count.
            served.incrementAndGet();
            out.write(
                ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                        + "Cache-Control: max-age=1, stale-if-error=600\r\n"
                        + "Content-Length: "
                        + body.length
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
          }
          case HANGING -> {
            while (mode == Mode.HANGING && !closed) {
              Thread.sleep(20);
            }
            return;
          }
          default -> {
            reset(socket);
            return;
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // The peer went away or was reset by a mode change: part of the chaos.
    } finally {
      open.remove(socket);
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  /** Reads one request head (no body expected); returns its path, or null at end of stream. */
  private static String readRequest(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    String requestLine = null;
    int c;
    int lineLength = 0;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        if (requestLine == null) {
          requestLine = line.toString().trim();
        } else if (lineLength == 0) {
          String[] parts = requestLine.split(" ");
          return parts.length > 1 ? parts[1] : "/";
        }
        line.setLength(0);
        lineLength = 0;
      } else if (c != '\r') {
        if (requestLine == null) {
          line.append((char) c);
        }
        lineLength++;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    ServerSocket s = server;
    if (s != null) {
      s.close();
    }
    for (Socket socket : open) {
      reset(socket);
    }
    synchronized (this) {
      notifyAll();
    }
  }
}
