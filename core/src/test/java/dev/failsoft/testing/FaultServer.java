package dev.failsoft.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP/1.1 server whose behaviour can be switched at any time to one of the ways real
 * upstreams fail, for tests that need a real socket to fail for real.
 *
 * <p>Each accepted connection is served on its own daemon thread according to the {@link Mode}
 * current at accept time. {@link #requestCount()} counts requests whose head was fully read, so a
 * test can prove a request was (not) repeated. Close it to stop; connections it holds are closed.
 */
public final class FaultServer implements AutoCloseable {

  /** How the server treats the next connections. */
  public enum Mode {
    /** Reads the request and answers with the configured response. */
    OK,
    /** Accepts, reads the request, and never answers (a hung backend). */
    HANG,
    /** Accepts and closes at once without reading or writing (an empty reply). */
    CLOSE_IMMEDIATELY,
    /** Reads the request, then closes without answering. */
    CLOSE_AFTER_REQUEST,
    /** Reads the request, then resets the connection (SO_LINGER 0: a TCP RST). */
    RESET,
    /** Reads the request, then answers bytes that are not HTTP, and closes. */
    GARBAGE,
    /** Reads the request, sends the response head and half the body, then closes. */
    TRUNCATED_BODY,
    /**
     * Answers the configured response at once without reading, then closes: what a plain HTTP port
     * does to a TLS client (whose ClientHello has no blank line to wait for).
     */
    ANSWER_WITHOUT_READING
  }

  private final ServerSocket server;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
  private final AtomicReference<byte[]> response =
      new AtomicReference<>(http(200, "OK", "text/plain", "hello"));
  private final Queue<byte[]> scripted = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  private FaultServer(ServerSocket unbound) throws IOException {
    server = unbound;
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    acceptor = new Thread(this::acceptLoop, "fault-server-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server on a free loopback port, answering 200 "hello" until told otherwise. */
  public static FaultServer start() throws IOException {
    return new FaultServer(new ServerSocket());
  }

  /**
   * Starts a server that speaks HTTP/1.1 over TLS with the key material of {@code tls}, so a test
   * can present a certificate the client does not trust or that names another host.
   */
  public static FaultServer startTls(SSLContext tls) throws IOException {
    return new FaultServer(tls.getServerSocketFactory().createServerSocket());
  }

  /** Returns a loopback port on which nothing listens (connections are refused). */
  public static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Switches the behaviour for connections accepted from now on. */
  public FaultServer mode(Mode next) {
    mode.set(next);
    return this;
  }

  /** Sets the raw bytes answered in {@link Mode#OK} (and cut short in TRUNCATED_BODY). */
  public FaultServer respond(byte[] rawResponse) {
    response.set(rawResponse.clone());
    return this;
  }

  /**
   * Queues raw responses answered in {@link Mode#OK}, one per request and in order, before the one
   * set by {@link #respond(byte[])}; each should close the connection.
   */
  public FaultServer respondFirst(byte[]... rawResponses) {
    for (byte[] r : rawResponses) {
      scripted.add(r.clone());
    }
    return this;
  }

  /** Builds raw response bytes from a head (status line and fields, no blank line) and a body. */
  public static byte[] raw(String head, String body) {
    return (head + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sets a simple response answered in {@link Mode#OK}. */
  public FaultServer respond(int status, String reason, String contentType, String body) {
    return respond(http(status, reason, contentType, body));
  }

  /** Builds the raw bytes of a simple HTTP/1.1 response with Content-Length. */
  public static byte[] http(int status, String reason, String contentType, String body) {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\n"
            + "Content-Type: "
            + contentType
            + "\r\n"
            + "Content-Length: "
            + bodyBytes.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + bodyBytes.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
    return all;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Returns {@code http://127.0.0.1:PORT} (no trailing slash), even for a TLS server. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Returns how many request heads were read in full. */
  public int requestCount() {
    return requests.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Mode current = mode.get();
        Thread t = new Thread(() -> serve(socket, current), "fault-conn-" + port());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serve(Socket socket, Mode current) {
    try (socket) {
      if (current == Mode.CLOSE_IMMEDIATELY) {
        return;
      }
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      if (current == Mode.ANSWER_WITHOUT_READING) {
        out.write(response.get());
        out.flush();
        // Closing with the peer's bytes unread would send an RST that can overtake the answer;
        // half-close and drain instead, as a real server that answered early would.
        socket.shutdownOutput();
        socket.setSoTimeout(5_000);
        while (in.read() != -1) {
          // Drain until the peer closes.
        }
        return;
      }
      if (!readRequestHead(in)) {
        return;
      }
      requests.incrementAndGet();
      switch (current) {
        case HANG -> {
          while (!closed && in.read() != -1) {
            // Keep the connection open and silent until the peer gives up.
          }
          return;
        }
        case CLOSE_AFTER_REQUEST -> {
          return;
        }
        case RESET -> {
          socket.setSoLinger(true, 0);
          return;
        }
        case GARBAGE -> {
          out.write(
              "lskdjf@@ not http at all \u0001\u0002\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          return;
        }
        case TRUNCATED_BODY -> {
          byte[] r = response.get();
          out.write(r, 0, headEnd(r) + (r.length - headEnd(r)) / 2);
          out.flush();
          return;
        }
        default -> {
          byte[] next = scripted.poll();
          out.write(next != null ? next : response.get());
          out.flush();
        }
      }
    } catch (SocketException e) {
      // The peer went away: expected in fault tests.
    } catch (IOException e) {
      // Same.
    } finally {
      open.remove(socket);
    }
  }

  private static int headEnd(byte[] r) {
    for (int i = 0; i + 3 < r.length; i++) {
      if (r[i] == '\r' && r[i + 1] == '\n' && r[i + 2] == '\r' && r[i + 3] == '\n') {
        return i + 4;
      }
    }
    return r.length;
  }

  /** Reads up to the blank line ending a request head, and any Content-Length body. */
  private static boolean readRequestHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b == -1) {
        return false;
      }
      head.append((char) b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
      if (head.length() > 65536) {
        return false;
      }
    }
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        try {
          length = Long.parseLong(line.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
          length = 0;
        }
      }
    }
    for (long i = 0; i < length; i++) {
      if (in.read() == -1) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
  }
}
