package dev.failsoft.webflux.internal;

import dev.failsoft.cache.StaleCache;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Spring's request and response heads as core's: the only place a Spring {@link HttpHeaders} is
 * read. Only {@code forEach} is used: compiled against Spring Framework 6.2, a call to {@code
 * get(Object)} (a {@code Map} method there) fails with {@code NoSuchMethodError} on 7, whose {@code
 * HttpHeaders} is no longer a {@code Map}.
 */
public final class Heads {
  private Heads() {}

  /** Returns {@code headers} as core's fields, in order. */
  public static Headers fields(HttpHeaders headers) {
    Headers.Builder out = Headers.builder();
    headers.forEach(
        (name, values) -> {
          for (String value : values) {
            out.addLenient(name, value);
          }
        });
    return out.build();
  }

  /** Returns only the fields named in {@code names} (any case), in the response's order. */
  public static Headers fields(HttpHeaders headers, List<String> names) {
    Headers.Builder out = Headers.builder();
    headers.forEach(
        (name, values) -> {
          if (isNamed(name, names)) {
            for (String value : values) {
              out.addLenient(name, value);
            }
          }
        });
    return out.build();
  }

  private static boolean isNamed(String name, List<String> names) {
    for (String wanted : names) {
      if (wanted.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the request head core decides on. */
  public static RequestHead request(String method, URI uri, HttpHeaders headers) {
    return new RequestHead(method, uri, fields(headers));
  }

  /** Returns the status of {@code response}, 200 when none was set. */
  public static int status(ServerHttpResponse response) {
    HttpStatusCode code = response.getStatusCode();
    return code == null ? 200 : code.value();
  }

  /** Returns the response head of {@code response} as it stands. */
  public static ResponseHead response(ServerHttpResponse response) {
    return ResponseHead.of(status(response), fields(response.getHeaders()));
  }

  /** Returns a view core reads as far as it needs, over a response not yet committed. */
  public static StaleCache.ResponseView view(ServerHttpResponse response) {
    return new StaleCache.ResponseView() {
      @Override
      public int status() {
        return Heads.status(response);
      }

      @Override
      public Headers fields(List<String> names) {
        return Heads.fields(response.getHeaders(), names);
      }

      @Override
      public Headers fields() {
        // The server frames what it sends itself (Reactor Netty may add Transfer-Encoding next to
        // the application's Content-Length): the framing of this hop is not the representation.
        return Heads.fields(response.getHeaders()).without("Transfer-Encoding");
      }
    };
  }
}
