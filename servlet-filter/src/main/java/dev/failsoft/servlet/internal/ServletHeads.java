package dev.failsoft.servlet.internal;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/** Translates servlet requests and responses into core's neutral heads. */
public final class ServletHeads {
  private static final UriMemo URIS = new UriMemo();

  private ServletHeads() {}

  /**
   * Returns the request's head, its URI built from the container's own view of scheme, host and
   * port (what the container parsed, not a forwarded header it was not told to trust), or empty
   * when the target does not form a valid URI (such a request is never cached).
   */
  public static Optional<RequestHead> request(HttpServletRequest request) {
    StringBuilder uri = new StringBuilder(128);
    String host = request.getServerName();
    uri.append(request.getScheme()).append("://");
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      uri.append('[').append(host).append(']');
    } else {
      uri.append(host);
    }
    uri.append(':').append(request.getServerPort()).append(request.getRequestURI());
    String query = request.getQueryString();
    if (query != null) {
      uri.append('?').append(query);
    }
    try {
      URI target = URIS.parse(uri.toString());
      if (target.getHost() == null) {
        return Optional.empty();
      }
      Headers.Builder headers = Headers.builder();
      for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
        String name = names.nextElement();
        for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
          headers.addLenient(name, values.nextElement());
        }
      }
      return Optional.of(new RequestHead(request.getMethod(), target, headers.build()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the head of a response the application finished: status, every header the container
   * holds, and {@code Content-Type} (which Tomcat keeps apart from its other headers).
   */
  public static ResponseHead response(HttpServletResponse response, int status) {
    return response(response, status, null);
  }

  /**
   * Returns the head of a response the application finished with only the fields named in {@code
   * names} (compared case-insensitively), {@code Content-Type} among them if named: enough for a
   * decision that reads those alone, for a fraction of the cost of copying every field.
   */
  public static ResponseHead response(
      HttpServletResponse response, int status, List<String> names) {
    Headers.Builder headers = Headers.builder();
    Iterable<String> fields = names == null ? response.getHeaderNames() : names;
    boolean withType = names == null;
    for (String name : fields) {
      if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
        withType |= name.equalsIgnoreCase("Content-Type");
        continue;
      }
      for (String value : response.getHeaders(name)) {
        headers.addLenient(name, value);
      }
    }
    String type = withType ? response.getContentType() : null;
    if (type != null) {
      headers.addLenient("Content-Type", type);
    }
    return ResponseHead.of(status(status), headers.build());
  }

  /**
   * A container status as an HTTP status: one out of range (set by a broken application) is 500.
   */
  static int status(int status) {
    return status < 100 || status > 999 ? 500 : status;
  }
}
