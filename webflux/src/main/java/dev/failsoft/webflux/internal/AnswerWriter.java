package dev.failsoft.webflux.internal;

import dev.failsoft.cache.StaleAnswer;
import dev.failsoft.http.Headers;
import java.nio.ByteBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes what core decided to a response that is not yet committed: nothing more, nothing less. */
public final class AnswerWriter {
  private AnswerWriter() {}

  /** Writes {@code answer} exactly: its status, its fields (replacing the handler's), its body. */
  public static Mono<Void> write(ServerHttpResponse response, StaleAnswer answer) {
    response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
    HttpHeaders headers = response.getHeaders();
    headers.clear();
    for (Headers.Field field : answer.headers()) {
      headers.add(field.name(), field.value());
    }
    if (answer.contentLength() >= 0) {
      headers.setContentLength(answer.contentLength());
    }
    return body(response, answer.body());
  }

  /** Writes the body the handler produced, held whole, with its length when none was set. */
  public static Mono<Void> writeHeld(ServerHttpResponse response, ByteBuffer body) {
    HttpHeaders headers = response.getHeaders();
    if (headers.getContentLength() < 0 && headers.getFirst(HttpHeaders.TRANSFER_ENCODING) == null) {
      headers.setContentLength(body.remaining());
    }
    return body(response, body);
  }

  private static Mono<Void> body(ServerHttpResponse response, ByteBuffer body) {
    if (!body.hasRemaining()) {
      return response.setComplete();
    }
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }
}
