package dev.failsoft.diagnosis.logs.internal;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;

/**
 * Classifies the Go {@code net} and {@code net/http} error texts that Go proxies (Caddy, Traefik)
 * log for a failed upstream: {@code dial tcp 127.0.0.1:8080: connect: connection refused}, {@code
 * net/http: timeout awaiting response headers}, {@code unexpected EOF}…
 */
final class GoErrors {
  private GoErrors() {}

  /** Sets kind, phase and the dialled address on {@code d}; leaves the kind unset if unknown. */
  static void classify(String err, Draft d) {
    String dialled = Scan.after(err, "dial tcp ", ' ', 0);
    if (dialled == null) {
      dialled = Scan.after(err, "dial unix ", ' ', 0);
    }
    if (dialled != null && dialled.endsWith(":")) {
      d.upstream(dialled.substring(0, dialled.length() - 1));
    } else if (err.contains("->")) {
      // "read tcp 10.0.0.1:5555->10.0.0.5:8080: read: connection reset by peer"
      int peer = err.indexOf("->") + 2;
      int end = err.indexOf(": ", peer);
      d.upstream(err.substring(peer, end < 0 ? err.length() : end));
    }
    boolean dial = err.startsWith("dial ") || err.contains(" dial ");
    if (err.contains("no such host")) {
      d.upstream(Scan.after(err, "lookup ", ' ', 0));
      d.kind(FailureKind.DNS_ERROR, Phase.DNS);
    } else if (err.contains("connection refused")
        || dial && err.contains("no such file or directory")) {
      d.kind(FailureKind.CONNECTION_REFUSED, Phase.CONNECT);
    } else if (dial && err.contains("permission denied")) {
      d.kind(FailureKind.PROXY_INTERNAL_ERROR, Phase.CONNECT);
    } else if (err.contains("no route to host") || err.contains("network is unreachable")) {
      d.kind(FailureKind.DESTINATION_IP_UNROUTABLE, Phase.CONNECT);
    } else if (dial && (err.contains("i/o timeout") || err.contains("timed out"))) {
      d.kind(FailureKind.CONNECTION_TIMEOUT, Phase.CONNECT);
    } else if (err.contains("tls:") || err.contains("x509:")) {
      d.kind(
          err.contains("certificate") || err.contains("x509:")
              ? FailureKind.TLS_CERTIFICATE_ERROR
              : FailureKind.TLS_PROTOCOL_ERROR,
          Phase.TLS);
    } else if (err.contains("timeout awaiting response headers")
        || err.contains("context deadline exceeded")
        || err.contains("i/o timeout")) {
      d.kind(FailureKind.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
    } else if (err.contains("connection reset by peer")
        || err.equals("EOF")
        || err.endsWith("unexpected EOF")
        || err.endsWith(": EOF")
        || err.contains("broken pipe")) {
      d.kind(FailureKind.CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS);
    } else if (err.contains("malformed HTTP")) {
      d.kind(FailureKind.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
    } else if (err.contains("no upstreams available")) {
      d.kind(FailureKind.DESTINATION_UNAVAILABLE, Phase.CONNECT);
    }
  }
}
