package dev.failsoft.diagnosis;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What failed on the way to the upstream: one constant per distinct failure.
 *
 * <p>Where RFC 9209 defines a Proxy-Status error type for the failure, {@link #proxyStatus()} names
 * it, so a {@code Proxy-Status} header can say what happened in the registry's own words. The last
 * constants describe outcomes rather than causes: a hop answered 502, 503 or 504 and nothing finer
 * could be learned ({@link #BAD_GATEWAY}, {@link #SERVICE_UNAVAILABLE}, {@link #GATEWAY_TIMEOUT}),
 * the origin itself failed ({@link #ORIGIN_ERROR}), it is being rate limited ({@link
 * #RATE_LIMITED}), the caller gave up ({@link #CANCELED}), or nothing could be told ({@link
 * #UNKNOWN}).
 */
public enum FailureKind {
  /** The upstream's host name did not resolve (NXDOMAIN, no address, resolver failure). */
  DNS_ERROR("dns_error", Group.DNS, true),
  /** The resolver did not answer in time. */
  DNS_TIMEOUT("dns_timeout", Group.DNS, true),
  /** No route or upstream is configured for this request (for example Envoy {@code NR}). */
  DESTINATION_NOT_FOUND("destination_not_found", Group.DESTINATION, false),
  /** The next hop is considered down: no healthy upstream, out of rotation, breaker open. */
  DESTINATION_UNAVAILABLE("destination_unavailable", Group.DESTINATION, true),
  /** The address is unroutable from here (no route to host, network unreachable). */
  DESTINATION_IP_UNROUTABLE("destination_ip_unroutable", Group.DESTINATION, true),
  /**
   * The upstream refused the TCP connection: nothing listens on the port, or a firewall rejects.
   */
  CONNECTION_REFUSED("connection_refused", Group.CONNECTION, true),
  /** The TCP connection could not be set up in time (SYN unanswered: host down or dropped). */
  CONNECTION_TIMEOUT("connection_timeout", Group.CONNECTION, true),
  /** The connection was reset or closed before a complete response arrived. */
  CONNECTION_TERMINATED("connection_terminated", Group.CONNECTION, true),
  /** The connection went idle while reading: no bytes within the read timeout. */
  CONNECTION_READ_TIMEOUT("connection_read_timeout", Group.CONNECTION, true),
  /** The request could not be written in time. */
  CONNECTION_WRITE_TIMEOUT("connection_write_timeout", Group.CONNECTION, true),
  /** A connection limit was hit: a pool, a queue or an upstream circuit breaker overflowed. */
  CONNECTION_LIMIT_REACHED("connection_limit_reached", Group.CONNECTION, true),
  /**
   * The TLS handshake failed for a protocol reason (versions, ciphers, plain HTTP on a TLS port).
   */
  TLS_PROTOCOL_ERROR("tls_protocol_error", Group.TLS, false),
  /** The upstream's certificate was not accepted (expired, untrusted, wrong host name). */
  TLS_CERTIFICATE_ERROR("tls_certificate_error", Group.TLS, false),
  /** The upstream sent a TLS alert and ended the handshake. */
  TLS_ALERT_RECEIVED("tls_alert_received", Group.TLS, false),
  /** The response ended early: headers or body cut short, an empty reply. */
  HTTP_RESPONSE_INCOMPLETE("http_response_incomplete", Group.HTTP, true),
  /** The response's header section was larger than the hop accepts. */
  HTTP_RESPONSE_HEADER_SECTION_SIZE("http_response_header_section_size", Group.HTTP, false),
  /** The response body was larger than the hop accepts. */
  HTTP_RESPONSE_BODY_SIZE("http_response_body_size", Group.HTTP, false),
  /** The response was not valid HTTP: garbage status line, bad chunking, bad framing. */
  HTTP_PROTOCOL_ERROR("http_protocol_error", Group.HTTP, false),
  /** The upstream did not send a (complete) response in time. */
  HTTP_RESPONSE_TIMEOUT("http_response_timeout", Group.HTTP, true),
  /** An HTTP/2 or HTTP/3 stream was reset by the upstream before the response completed. */
  HTTP_STREAM_RESET("http_protocol_error", Group.HTTP, true),
  /** The hop itself failed or is misconfigured, independent of the upstream. */
  PROXY_INTERNAL_ERROR("proxy_internal_error", Group.HOP, false),
  /** A hop answered 502 and nothing finer could be learned. */
  BAD_GATEWAY(null, Group.HOP, true),
  /** A hop answered 503 and nothing finer could be learned. */
  SERVICE_UNAVAILABLE(null, Group.HOP, true),
  /** A hop answered 504 and nothing finer could be learned. */
  GATEWAY_TIMEOUT(null, Group.HOP, true),
  /** The origin itself answered with a server error (typically 500), passed through any hops. */
  ORIGIN_ERROR(null, Group.ORIGIN, false),
  /** The upstream is limiting this client: 429, or 503 with Retry-After. */
  RATE_LIMITED(null, Group.RATE_LIMIT, true),
  /** The caller canceled the exchange; not an upstream failure. */
  CANCELED(null, Group.LOCAL, false),
  /** The failure could not be classified; the evidence says what was seen. */
  UNKNOWN(null, Group.UNKNOWN, false);

  /** The family a kind belongs to, for policies that treat a whole family alike. */
  public enum Group {
    /** Name resolution. */
    DNS,
    /** Picking the next hop. */
    DESTINATION,
    /** The TCP connection and its timeouts. */
    CONNECTION,
    /** The TLS handshake. */
    TLS,
    /** The HTTP exchange on an established connection. */
    HTTP,
    /** A hop's own failure answer (502/503/504) or its internal error. */
    HOP,
    /** The origin server's own error. */
    ORIGIN,
    /** Rate limiting. */
    RATE_LIMIT,
    /** Local to the caller (cancellation). */
    LOCAL,
    /** Not classified. */
    UNKNOWN
  }

  private final @Nullable String proxyStatus;
  private final Group group;
  private final boolean transientFailure;

  FailureKind(@Nullable String proxyStatus, Group group, boolean transientFailure) {
    this.proxyStatus = proxyStatus;
    this.group = group;
    this.transientFailure = transientFailure;
  }

  /**
   * Returns the RFC 9209 Proxy-Status error type for this kind.
   *
   * @return the error type, for example {@code connection_refused}, or empty for the outcome kinds
   *     the registry has no type for
   */
  public Optional<String> proxyStatus() {
    return Optional.ofNullable(proxyStatus);
  }

  /**
   * Returns the family this kind belongs to.
   *
   * @return the group, never null
   */
  public Group group() {
    return group;
  }

  /**
   * Returns true when the failure may well go away on its own, so that a repeat can help (a refused
   * connection, a timeout, a 503); false when repeating cannot help (a certificate error, a
   * protocol error, an origin 500) or the failure is not the upstream's (cancellation).
   *
   * @return whether a repeat may succeed
   */
  public boolean isTransient() {
    return transientFailure;
  }

  /**
   * Returns true for failures of the connection or name resolution: {@link Group#DNS}, {@link
   * Group#DESTINATION}, {@link Group#CONNECTION} and {@link Group#TLS}.
   *
   * @return whether the kind is in one of those four groups
   */
  public boolean isConnectionLevel() {
    return group == Group.DNS
        || group == Group.DESTINATION
        || group == Group.CONNECTION
        || group == Group.TLS;
  }

  /**
   * Returns the stable id used in JSON and logs; unlike {@link #proxyStatus()}, unique per kind.
   *
   * @return the lower-case constant name, for example {@code dns_error}
   */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
