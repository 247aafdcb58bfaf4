package dev.failsoft.benchmarks.macro;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The smallest gateway: forwards each GET to the same path on one origin and copies the status,
 * {@code Content-Type}, {@code Cache-Control} and body back; an upstream {@link IOException}
 * becomes a 502, which a {@code StaleIfErrorFilter} in front may replace with its stored copy.
 */
public final class ProxyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final List<String> COPIED = List.of("Content-Type", "Cache-Control");

  private final transient OkHttpClient upstream;
  private final String origin;

  /** Forwards to {@code origin} ({@code http://host:port}) through {@code upstream}. */
  public ProxyServlet(OkHttpClient upstream, String origin) {
    this.upstream = upstream;
    this.origin = origin;
  }

  /**
   * Whether a {@code Cache-Status} value says a stored copy was served in place of the origin:
   * {@code fwd=stale} (after a failure or a soft deadline) or {@code detail=circuit-open} (a hit
   * served while the breaker spares the origin, with a negative {@code ttl}).
   */
  public static boolean isMarkedStale(String cacheStatus) {
    return cacheStatus.contains("fwd=stale") || cacheStatus.contains("detail=circuit-open");
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String target =
        req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
    try (Response r =
        upstream.newCall(new Request.Builder().url(origin + target).build()).execute()) {
      byte[] body = r.body().bytes();
      resp.setStatus(r.code());
      for (String name : COPIED) {
        String value = r.header(name);
        if (value != null) {
          resp.setHeader(name, value);
        }
      }
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    } catch (IOException e) {
      resp.sendError(502);
    }
  }
}
