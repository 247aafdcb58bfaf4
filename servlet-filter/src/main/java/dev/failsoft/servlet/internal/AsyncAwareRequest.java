package dev.failsoft.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Tells the buffering response the moment the request goes async, before any other thread can
 * write: what was held goes out first, the rest flows through, in order.
 */
public final class AsyncAwareRequest extends HttpServletRequestWrapper {
  private final BufferingResponse response;

  public AsyncAwareRequest(HttpServletRequest request, BufferingResponse response) {
    super(request);
    this.response = response;
  }

  @Override
  public AsyncContext startAsync() {
    AsyncContext context = super.startAsync();
    stepAside();
    return context;
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    AsyncContext context = super.startAsync(request, response);
    stepAside();
    return context;
  }

  private void stepAside() {
    try {
      response.goingAsync();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
