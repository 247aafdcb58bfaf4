package dev.failsoft.cache;

import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.util.List;
import java.util.Optional;

/**
 * RFC 9111 §4.4: the stored responses a non-error answer to an unsafe method makes obsolete. A pure
 * function of its arguments.
 */
final class Invalidation {
  private Invalidation() {}

  static List<CacheKey> of(RequestHead request, ResponseHead response) {
    String method = request.method();
    boolean safe =
        method.equals("GET")
            || method.equals("HEAD")
            || method.equals("OPTIONS")
            || method.equals("TRACE");
    if (safe || response.status() < 200 || response.status() >= 400) {
      return List.of();
    }
    Optional<CacheKey> key = CacheKey.of(new RequestHead("GET", request.uri(), request.headers()));
    return key.map(k -> List.of(k, k.withMethod("HEAD"))).orElse(List.of());
  }
}
