package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;

/**
 * Whether a stored response may be served, and why; made by {@link StalePolicy}.
 *
 * <p>When {@link #serve()} is true, {@link #headers()} holds the {@code Age} field (which replaces
 * any stored one, RFC 9111 §4) and the {@code Cache-Status} member to append; {@link
 * #applyTo(Headers)} does both. When false, the caller passes the error on, or — when it must
 * generate a response itself — uses {@link #statusIfRefused()} (504 when {@code must-revalidate}
 * forbids stale, RFC 9111 §5.2.2.2). Immutable and thread-safe.
 *
 * @param serve true when the stored response may be served
 * @param why one sentence, for example {@code stale-if-error: 412s stale within 600s}
 * @param headers the fields to add when serving; empty otherwise
 * @param ttlSeconds remaining freshness of the stored response, negative when stale; 0 when nothing
 *     was evaluated
 * @param statusIfRefused the status to generate when refusing and there is no error response
 */
public record StaleDecision(
    boolean serve, String why, Headers headers, long ttlSeconds, int statusIfRefused) {

  /**
   * Checks the components.
   *
   * @param serve true when the stored response may be served
   * @param why one sentence, for example {@code stale-if-error: 412s stale within 600s}
   * @param headers the fields to add when serving; empty otherwise
   * @param ttlSeconds remaining freshness of the stored response, negative when stale; 0 when
   *     nothing was evaluated
   * @param statusIfRefused the status to generate when refusing and there is no error response
   * @throws NullPointerException if {@code why} or {@code headers} is null
   */
  public StaleDecision {
    requireNonNull(why, "why");
    requireNonNull(headers, "headers");
  }

  static StaleDecision refuse(String why, long ttl, int statusIfRefused) {
    return new StaleDecision(false, why, Headers.empty(), ttl, statusIfRefused);
  }

  /**
   * Returns {@code stored} with {@code Age} replaced and {@code Cache-Status} appended after any
   * value already present; {@code stored} unchanged when this decision does not serve.
   *
   * @param stored the stored response's fields
   * @return the fields to send
   * @throws NullPointerException if {@code stored} is null
   */
  public Headers applyTo(Headers stored) {
    requireNonNull(stored, "stored");
    if (!serve) {
      return stored;
    }
    Headers.Builder out = stored.toBuilder();
    for (Headers.Field field : headers) {
      if (field.name().equalsIgnoreCase("Age")) {
        out.set("Age", field.value());
      } else {
        out.add(field.name(), field.value());
      }
    }
    return out.build();
  }
}
