package dev.failsoft.servlet.internal;

import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.http.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes core's {@link StaleAnswer} to the container's response, as it is: every decision (which
 * status, which fields, the marks, the banner, 304) was core's.
 */
final class StaleResponder {
  private StaleResponder() {}

  /** Writes {@code answer}; the response must not be committed. */
  static void write(HttpServletResponse response, StaleAnswer answer) throws IOException {
    response.setStatus(answer.status());
    for (Headers.Field field : answer.headers()) {
      response.addHeader(field.name(), field.value());
    }
    if (answer.contentLength() >= 0) {
      response.setContentLengthLong(answer.contentLength());
    }
    ByteBuffer body = answer.body();
    if (body.hasRemaining()) {
      write(response, body);
    }
  }

  /**
   * Writes the body through this thread's scratch array: the container's blocking write is done
   * with the array when it returns (Servlet 6.0 has no write of a ByteBuffer).
   */
  private static void write(HttpServletResponse response, ByteBuffer body) throws IOException {
    int length = body.remaining();
    byte[] bytes = Scratch.take(length);
    if (bytes == null) {
      bytes = new byte[length];
    }
    body.get(bytes, 0, length);
    response.getOutputStream().write(bytes, 0, length);
    Scratch.give(bytes);
  }
}
