package dev.failsoft.servlet.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application under the filter: each path answers with a handler the test installs (and may
 * swap while clients run); an unknown path answers 404. Counts the calls that reach it.
 */
public final class ScriptedApp extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** What a path does with one request. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  private final transient Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();

  public ScriptedApp on(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  public int calls() {
    return calls.get();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    calls.incrementAndGet();
    Handler handler = handlers.get(request.getRequestURI());
    if (handler == null) {
      response.sendError(404);
      return;
    }
    try {
      handler.handle(request, response);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
