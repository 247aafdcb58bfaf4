package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Recognises an error the origin wrote itself and a proxy only relayed, when no proxy signature
 * claims the response: an application's body (JSON, XML, plain text — not an HTML error page) under
 * a {@code Server} product no built-in signature knows, or behind a 503 with {@code Retry-After}.
 * Real proxies pass such answers through unchanged, headers and all (captured from nginx 1.22,
 * HAProxy 2.6, Apache 2.4, Varnish 7.1, Squid 5.7 and Caddy 2.6), so naming a proxy, or nobody,
 * would be wrong. Stateless and thread-safe.
 */
final class RelayedOrigin {
  private RelayedOrigin() {}

  /** Returns true, adding the evidence, when the response is the origin's own answer. */
  static boolean answered(Facts f, List<Evidence> evidence) {
    if (!applicationBody(f)) {
      return false;
    }
    String type = contentType(f);
    if (f.server.isEmpty()) {
      // With no Server product at all nothing says who wrote it; a 503 + Retry-After stays
      // rate limiting from an unknown hop (RetryPolicy retries those, never an origin's 503).
      return false;
    }
    evidence.add(
        Evidence.of(
            "header",
            "Server: "
                + f.header("Server")
                + " is no proxy Failsoft knows, and the body is an application's ("
                + type
                + "): the origin's own answer, relayed"));
    return true;
  }

  /**
   * Returns the kind of a 502 or 504 the origin wrote itself — its own failure ({@link
   * FailureKind#ORIGIN_ERROR}), whatever failed behind it — or null to judge by the status.
   */
  static @Nullable FailureKind kind(Facts f, List<Evidence> evidence) {
    if ((f.status == 502 || f.status == 504) && applicationBody(f)) {
      evidence.add(
          Evidence.of(
              "status",
              f.status + " written by the origin itself: a failure behind it, not of the hop"));
      return FailureKind.ORIGIN_ERROR;
    }
    return null;
  }

  /** A non-empty body that is not an HTML page: what applications answer, not proxies. */
  static boolean applicationBody(Facts f) {
    if (f.bodyEmpty() || f.bodyStarts("<")) {
      return false;
    }
    String type = contentType(f);
    return !type.contains("html");
  }

  private static String contentType(Facts f) {
    String type = f.header("Content-Type").toLowerCase(Locale.ROOT);
    return type.isEmpty() ? "no content-type" : type;
  }
}
