package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.RequestHead;

/**
 * Whether repeating a failed request is safe, and why — decided from how far the exchange got, the
 * method and the {@code Idempotency-Key} header alone.
 *
 * <p>A request that never left (the failure came in {@link Phase#DNS}, {@link Phase#CONNECT} or
 * {@link Phase#TLS}) is safe to repeat whatever its method. After that, only a method RFC 9110
 * §9.2.2 defines as idempotent, or a request carrying an {@code Idempotency-Key}, may be repeated:
 * a POST that reached the upstream may have been acted on.
 */
public enum RetrySafety {
  /** Safe: the failure came before any byte of the request left. */
  NOT_SENT(true),
  /** Safe: the method is idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE). */
  IDEMPOTENT_METHOD(true),
  /** Safe: the request carries an Idempotency-Key, so the upstream can drop a duplicate. */
  IDEMPOTENCY_KEY(true),
  /**
   * Safe: the server refused the request before processing any of it, whatever its method: an
   * HTTP/2 stream reset with {@code REFUSED_STREAM} (RFC 9113 §8.7).
   */
  NOT_PROCESSED(true),
  /** Unsafe: a non-idempotent request may have reached the upstream. */
  MAY_HAVE_BEEN_PROCESSED(false),
  /** Unsafe: the request is not known (a response examined on its own) and may have been sent. */
  REQUEST_UNKNOWN(false);

  private final boolean safe;

  RetrySafety(boolean safe) {
    this.safe = safe;
  }

  /**
   * Returns whether repeating the request cannot cause a second effect on the upstream.
   *
   * @return true for {@link #NOT_SENT}, {@link #IDEMPOTENT_METHOD}, {@link #IDEMPOTENCY_KEY} and
   *     {@link #NOT_PROCESSED}
   */
  public boolean isSafe() {
    return safe;
  }

  /**
   * Decides the safety of repeating {@code request} after a failure in {@code phase}.
   *
   * @param request the failed request
   * @param phase how far the exchange got
   * @return {@link #NOT_SENT}, {@link #IDEMPOTENT_METHOD}, {@link #IDEMPOTENCY_KEY} or {@link
   *     #MAY_HAVE_BEEN_PROCESSED}, checked in that order
   * @throws NullPointerException if an argument is null
   */
  public static RetrySafety of(RequestHead request, Phase phase) {
    requireNonNull(request, "request");
    requireNonNull(phase, "phase");
    if (phase.isBeforeRequestSent()) {
      return NOT_SENT;
    }
    if (request.isIdempotentMethod()) {
      return IDEMPOTENT_METHOD;
    }
    return request.hasIdempotencyKey() ? IDEMPOTENCY_KEY : MAY_HAVE_BEEN_PROCESSED;
  }

  /**
   * Decides the safety when the request is unknown: safe only if it never left.
   *
   * @param phase how far the exchange got
   * @return {@link #NOT_SENT} or {@link #REQUEST_UNKNOWN}
   * @throws NullPointerException if {@code phase} is null
   */
  public static RetrySafety ofUnknownRequest(Phase phase) {
    requireNonNull(phase, "phase");
    return phase.isBeforeRequestSent() ? NOT_SENT : REQUEST_UNKNOWN;
  }
}
