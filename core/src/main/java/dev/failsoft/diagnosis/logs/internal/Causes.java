package dev.failsoft.diagnosis.logs.internal;

import dev.failsoft.diagnosis.FailureKind;

/** The mappings several formats share: Linux errno values and bare status codes to kinds. */
public final class Causes {
  private Causes() {}

  /**
   * Maps a Linux errno (as nginx, Apache and Varnish print it) met while connecting; null when the
   * number says nothing about the upstream. Numbers, not texts: musl words some differently.
   */
  public static FailureKind ofErrno(int errno) {
    return switch (errno) {
      // ENOENT on a unix socket: nothing listens there, the socket-file twin of a refusal
      case 2, 111 -> FailureKind.CONNECTION_REFUSED;
      case 110 -> FailureKind.CONNECTION_TIMEOUT;
      case 104, 32 -> FailureKind.CONNECTION_TERMINATED;
      case 101, 112, 113 -> FailureKind.DESTINATION_IP_UNROUTABLE;
      // EAGAIN on a unix socket connect: the listen backlog is full
      case 11 -> FailureKind.CONNECTION_LIMIT_REACHED;
      // EACCES: the hop may not open the socket, its own misconfiguration
      case 13 -> FailureKind.PROXY_INTERNAL_ERROR;
      default -> null;
    };
  }

  /**
   * Maps a status a hop passed on from behind it, when nothing finer is known: 429 is rate
   * limiting, 502/503/504 the bare hop outcomes, other 5xx an origin error; null below 500.
   */
  public static FailureKind ofStatus(int status) {
    return switch (status) {
      case 429 -> FailureKind.RATE_LIMITED;
      case 502 -> FailureKind.BAD_GATEWAY;
      case 503 -> FailureKind.SERVICE_UNAVAILABLE;
      case 504 -> FailureKind.GATEWAY_TIMEOUT;
      default -> status >= 500 && status <= 599 ? FailureKind.ORIGIN_ERROR : null;
    };
  }
}
