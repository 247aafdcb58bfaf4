package dev.failsoft.servlet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Map;

/**
 * A real servlet container on a loopback port, running one filter (mapped to {@code /*}) in front
 * of one application servlet (mapped to {@code /}). Both support async.
 */
public interface ServletContainer {

  /** Starts the container's kind of server; implementations live next to their container. */
  @FunctionalInterface
  interface Factory {
    ServletContainer start(Filter filter, Map<String, String> initParams, HttpServlet app)
        throws Exception;
  }

  int port();

  default URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  /** Stops the container and releases its port. */
  void close() throws Exception;
}
