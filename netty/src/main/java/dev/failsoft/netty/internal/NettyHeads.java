package dev.failsoft.netty.internal;

import dev.failsoft.cache.StaleCache;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Translates Netty's request and response heads into core's. */
final class NettyHeads {
  /** The header HTTP/2-to-HTTP/1 conversion uses for the stream's scheme. */
  private static final String HTTP2_SCHEME = "x-http2-scheme";

  private NettyHeads() {}

  /**
   * Returns the request's head with an absolute URI built from {@code scheme} and the {@code Host}
   * field (or the absolute-form target), or empty when the target does not form a URI with a host
   * (such a request is never cached).
   */
  static Optional<RequestHead> request(HttpRequest request, String scheme) {
    String target = request.uri();
    HttpHeaders fields = request.headers();
    String uri;
    if (target.startsWith("/")) {
      String host = fields.get(HttpHeaderNames.HOST);
      if (host == null || host.isEmpty()) {
        return Optional.empty();
      }
      String s = fields.get(HTTP2_SCHEME);
      uri = (s != null ? s : scheme) + "://" + host + target;
    } else {
      uri = target;
    }
    try {
      URI parsed = new URI(uri);
      if (parsed.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(new RequestHead(request.method().name(), parsed, headers(fields)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Returns every field of {@code fields}, in order; fields core would refuse are left out. */
  static Headers headers(HttpHeaders fields) {
    Headers.Builder out = Headers.builder();
    for (Iterator<Map.Entry<String, String>> it = fields.iteratorAsString(); it.hasNext(); ) {
      Map.Entry<String, String> field = it.next();
      out.addLenient(field.getKey(), field.getValue());
    }
    return out.build();
  }

  /** Returns a view of a response head, copying only the fields a decision asks for. */
  static StaleCache.ResponseView view(HttpResponse response) {
    return new StaleCache.ResponseView() {
      @Override
      public int status() {
        return response.status().code();
      }

      @Override
      public Headers fields(List<String> names) {
        HttpHeaders all = response.headers();
        Headers.Builder out = Headers.builder();
        for (String name : names) {
          for (String value : all.getAll(name)) {
            out.addLenient(name, value);
          }
        }
        return out.build();
      }

      @Override
      public Headers fields() {
        // The codec frames what this server sends: its Transfer-Encoding is not the representation.
        return headers(response.headers()).without("Transfer-Encoding");
      }
    };
  }
}
