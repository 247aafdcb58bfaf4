package dev.failsoft.okhttp.internal;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.net.URI;
import okhttp3.Request;
import okhttp3.Response;

/** Translates OkHttp's requests, responses and headers into core's neutral types and back. */
public final class Heads {
  private static final URI UNPARSABLE = URI.create("urn:failsoft:unparsable-url");

  private Heads() {}

  /** Returns the head of {@code request}. */
  public static RequestHead request(Request request) {
    return new RequestHead(request.method(), uri(request), headers(request.headers()));
  }

  /** Returns the head of {@code response}. */
  public static ResponseHead response(Response response) {
    return new ResponseHead(response.code(), response.message(), headers(response.headers()));
  }

  /** Returns core's copy of OkHttp's {@code headers}, kept as received. */
  public static Headers headers(okhttp3.Headers headers) {
    Headers.Builder out = Headers.builder();
    for (int i = 0, n = headers.size(); i < n; i++) {
      // Lenient: what an upstream sent is diagnosed as it is, even when not strictly valid.
      out.addLenient(headers.name(i), headers.value(i));
    }
    return out.build();
  }

  /** Returns OkHttp's copy of core's {@code headers}. */
  public static okhttp3.Headers okhttp(Headers headers) {
    okhttp3.Headers.Builder out = new okhttp3.Headers.Builder();
    for (Headers.Field field : headers) {
      out.addUnsafeNonAscii(field.name(), field.value());
    }
    return out.build();
  }

  private static URI uri(Request request) {
    try {
      return request.url().uri();
    } catch (RuntimeException e) {
      // HttpUrl.uri() can refuse exotic URLs. A URI no cache key accepts keeps such a request
      // out of the stale store rather than filing it under another URL.
      return UNPARSABLE;
    }
  }
}
