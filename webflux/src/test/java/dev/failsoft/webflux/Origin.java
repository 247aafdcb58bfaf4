package dev.failsoft.webflux;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP origin on loopback (the JDK's server) whose behaviour a test switches: a good page, a
 * proxy's 502, an answer that never comes, or no listener at all (connection refused).
 */
final class Origin implements AutoCloseable {
  static final String PAGE = "<html><body>origin page</body></html>";

  enum Mode {
    OK,
    BAD_GATEWAY,
    SILENT
  }

  private final int port;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Mode mode = Mode.OK;
  private HttpServer server;
  private ExecutorService executor;

  Origin() throws IOException {
    start(0);
    this.port = server.getAddress().getPort();
  }

  private void start(int on) throws IOException {
    executor = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 50);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      switch (mode) {
        case OK -> send(exchange, 200, "text/html", PAGE);
        case BAD_GATEWAY ->
            send(
                exchange,
                502,
                "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad"
                    + " Gateway</h1></center><hr><center>nginx</center></body></html>");
        case SILENT -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (status == 502) {
      exchange.getResponseHeaders().set("Server", "nginx");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  int port() {
    return port;
  }

  int requests() {
    return requests.get();
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Stops listening: connections are refused until {@link #resume()}. */
  void refuse() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Listens again on the same port. */
  void resume() throws IOException {
    start(port);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
