package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;

/**
 * Whether a response may be stored, and why; made by {@link StalePolicy#mayStore}.
 *
 * <p>When {@link #store()} is true, {@link #storedHeaders()} are the fields to keep: the response's
 * fields minus hop-by-hop fields, {@code Connection}-listed fields, every {@code Proxy-*} field
 * (RFC 9111 §3.1) and, when so configured, {@code Set-Cookie}. When false they are empty. Immutable
 * and thread-safe.
 *
 * @param store true when the response may be stored
 * @param why one sentence, for example {@code not stored: response has Set-Cookie}
 * @param storedHeaders the fields to store; empty when not stored
 */
public record StoreDecision(boolean store, String why, Headers storedHeaders) {

  /**
   * Checks the components.
   *
   * @param store true when the response may be stored
   * @param why one sentence, for example {@code not stored: response has Set-Cookie}
   * @param storedHeaders the fields to store; empty when not stored
   * @throws NullPointerException if {@code why} or {@code storedHeaders} is null
   */
  public StoreDecision {
    requireNonNull(why, "why");
    requireNonNull(storedHeaders, "storedHeaders");
  }

  static StoreDecision no(String why) {
    return new StoreDecision(false, "not stored: " + why, Headers.empty());
  }

  static StoreDecision yes(String why, Headers storedHeaders) {
    return new StoreDecision(true, "stored: " + why, storedHeaders);
  }
}
