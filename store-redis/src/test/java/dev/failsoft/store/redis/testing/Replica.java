package dev.failsoft.store.redis.testing;

import dev.failsoft.cache.StaleStore;
import dev.failsoft.servlet.StaleIfErrorFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One replica of a web application: a real Jetty 12 server on a loopback port with a {@link
 * StaleIfErrorFilter} over the given store, in front of an application that answers {@code
 * Cache-Control: max-age=1} pages, or 502 while {@link #failing} is set. Requests are sent with
 * {@code Host: shop.example}, as a load balancer in front of several replicas would.
 */
public final class Replica implements AutoCloseable {

  /** The Host every request carries, so that all replicas key pages alike. */
  public static final String HOST = "shop.example";

  /** While true, the application answers 502 Bad Gateway. */
  public final AtomicBoolean failing = new AtomicBoolean();

  private final Server server;
  private final ServerConnector connector;

  /** An HTTP response as received. */
  public record Response(int status, Map<String, String> headers, String body) {
    /** Returns a header's value, or "" (names lower case). */
    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  /** Starts a replica whose filter keeps copies in {@code store}. */
  public Replica(StaleStore store) throws Exception {
    this(new FilterHolder(StaleIfErrorFilter.builder().store(store).build()));
  }

  /**
   * Starts a replica whose filter the container creates and configures from {@code initParams}, as
   * a {@code web.xml} would.
   */
  public Replica(Map<String, String> initParams) throws Exception {
    this(initParams(initParams));
  }

  private static FilterHolder initParams(Map<String, String> params) {
    FilterHolder holder = new FilterHolder(StaleIfErrorFilter.class);
    holder.setInitParameters(params);
    return holder;
  }

  private Replica(FilterHolder filter) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new App()), "/");
    server.setHandler(context);
    server.start();
  }

  private final class App extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if (failing.get()) {
        response.setStatus(502);
        response.setContentType("text/plain");
        response.getWriter().write("upstream down");
        return;
      }
      response.setStatus(200);
      response.setContentType("text/plain;charset=utf-8");
      response.setHeader("Cache-Control", "max-age=1");
      response.getWriter().write("page " + request.getRequestURI());
    }
  }

  /** Sends {@code GET path} with {@code Host: shop.example} and reads the whole response. */
  public Response get(String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), connector.getLocalPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return parse(socket.getInputStream());
    }
  }

  private static Response parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip(),
          (a, b) -> a + ", " + b);
    }
    String body = text.substring(end + 4);
    if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
