package dev.failsoft.benchmarks.macro;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10) on an ephemeral loopback port serving one servlet at {@code /}, behind
 * an optional filter mapped to {@code /*}: the web application of the filter benchmark and the
 * gateway of the chaos soak.
 */
public final class JettyApp implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private JettyApp(Optional<Filter> filter, HttpServlet app) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(512);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    filter.ifPresent(
        f -> {
          FilterHolder holder = new FilterHolder(f);
          holder.setAsyncSupported(true);
          context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        });
    ServletHolder holder = new ServletHolder(app);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/");
    server.setHandler(context);
    server.start();
  }

  /** Starts {@code app}, behind {@code filter} when present. */
  public static JettyApp start(Optional<Filter> filter, HttpServlet app) throws Exception {
    return new JettyApp(filter, app);
  }

  /** Returns {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
