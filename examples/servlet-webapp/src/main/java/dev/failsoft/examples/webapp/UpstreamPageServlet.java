package dev.failsoft.examples.webapp;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Renders a page from what the upstream returns for the same path, and answers 502 when the
 * upstream cannot be reached or fails: the ordinary application that {@code StaleIfErrorFilter}
 * (configured in {@code WEB-INF/web.xml}) keeps up.
 *
 * <p>The upstream's base URL is the context parameter {@value #UPSTREAM_PARAM}, set by the
 * deployment rather than the web.xml (Tomcat: a {@code <Parameter>} in {@code context.xml}; Jetty:
 * {@code WebAppContext.setInitParameter}); default {@value #DEFAULT_UPSTREAM}.
 */
public final class UpstreamPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The context parameter naming the upstream's base URL. */
  public static final String UPSTREAM_PARAM = "news.upstream";

  /** The upstream used when {@value #UPSTREAM_PARAM} is not set. */
  public static final String DEFAULT_UPSTREAM = "http://127.0.0.1:8081";

  private transient String upstream;

  @Override
  public void init() throws ServletException {
    upstream =
        Optional.ofNullable(getServletContext().getInitParameter(UPSTREAM_PARAM))
            .orElse(DEFAULT_UPSTREAM);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getServletPath() + Optional.ofNullable(req.getPathInfo()).orElse("");
    String body;
    try {
      HttpURLConnection call =
          (HttpURLConnection) URI.create(upstream + path).toURL().openConnection();
      call.setConnectTimeout(2_000);
      call.setReadTimeout(5_000);
      if (call.getResponseCode() != 200) {
        call.disconnect();
        resp.sendError(
            HttpServletResponse.SC_BAD_GATEWAY, "upstream answered " + call.getResponseCode());
        return;
      }
      try (InputStream in = call.getInputStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      // StaleIfErrorFilter sees this 502 and serves the stored copy, where web.xml allows it.
      resp.sendError(HttpServletResponse.SC_BAD_GATEWAY, "upstream unreachable");
      return;
    }
    resp.setContentType("text/html;charset=UTF-8");
    resp.getWriter()
        .write("<!doctype html><title>" + escape(path) + "</title><p>" + escape(body) + "</p>\n");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
