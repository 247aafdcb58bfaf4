package dev.failsoft.servlet.internal;

import dev.failsoft.cache.StaleCache;
import dev.failsoft.http.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * A finished servlet response as core reads it: the fields are copied out of the container only
 * when, and as far as, core asks for them.
 */
final class ServletResponseView implements StaleCache.ResponseView {
  private final HttpServletResponse response;
  private final int status;

  ServletResponseView(HttpServletResponse response, int status) {
    this.response = response;
    this.status = status;
  }

  @Override
  public int status() {
    return ServletHeads.status(status);
  }

  @Override
  public Headers fields(List<String> names) {
    return ServletHeads.response(response, status, names).headers();
  }

  @Override
  public Headers fields() {
    return ServletHeads.response(response, status).headers();
  }
}
