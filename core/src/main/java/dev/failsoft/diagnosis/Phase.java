package dev.failsoft.diagnosis;

/**
 * How far an exchange got before it failed, in the order an HTTP exchange passes through.
 *
 * <p>The phase decides retry safety: a failure in {@link #DNS}, {@link #CONNECT} or {@link #TLS}
 * means no byte of the request left, so repeating it is safe for every method; from {@link
 * #REQUEST} on, the upstream may have received (part of) the request and acted on it.
 *
 * <p>For a failure answer from a hop (a 502 from nginx, say), the phase is how far the hop's own
 * exchange with the server behind it got, when the evidence tells (HAProxy's {@code SC} means the
 * hop never connected: {@link #CONNECT}); when it does not, it is {@link #RESPONSE_HEADERS}, the
 * conservative answer that the origin may have seen the request.
 */
public enum Phase {
  /** Resolving the upstream's name. */
  DNS,
  /** Opening the TCP connection. */
  CONNECT,
  /** The TLS handshake. */
  TLS,
  /** Writing the request; part of it may have reached the upstream. */
  REQUEST,
  /** The request was written; waiting for the response's status line and headers. */
  RESPONSE_HEADERS,
  /** The headers arrived; reading the body. */
  RESPONSE_BODY;

  /**
   * Returns whether no byte of the request can have reached the upstream.
   *
   * @return true for {@link #DNS}, {@link #CONNECT} and {@link #TLS}
   */
  public boolean isBeforeRequestSent() {
    return this == DNS || this == CONNECT || this == TLS;
  }

  /**
   * Returns the stable id used in JSON and logs.
   *
   * @return the lower-case constant name, for example {@code response_headers}
   */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
