package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;

/**
 * The head of an HTTP request: method, target URI and header fields — everything Failsoft needs to
 * decide about a request without touching its body.
 *
 * <p>The method is kept as given (methods are case-sensitive, RFC 9110 §9.1). The URI is kept
 * exactly as received, with no normalisation. Instances are immutable and thread-safe.
 *
 * @param method the request method, for example {@code GET}; a non-empty token
 * @param uri the target URI, absolute when the scheme and authority are known
 * @param headers the request header fields
 */
public record RequestHead(String method, URI uri, Headers headers) {

  /** The header that marks a non-idempotent request as safe to repeat (IETF draft). */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * Checks the components.
   *
   * @param method the request method, for example {@code GET}; a non-empty token
   * @param uri the target URI, absolute when the scheme and authority are known
   * @param headers the request header fields
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if {@code method} is not a token
   */
  public RequestHead {
    requireNonNull(method, "method");
    requireNonNull(uri, "uri");
    requireNonNull(headers, "headers");
    if (!Headers.isValidName(method)) {
      throw new IllegalArgumentException("method: \"" + method + "\" (expected: a token)");
    }
  }

  /**
   * Returns a request head, parsing {@code uri}.
   *
   * @param method the request method, a token
   * @param uri the target URI, parsed by {@link URI#create}
   * @param headers the request header fields
   * @return the request head
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if the method is not a token or the URI does not parse
   */
  public static RequestHead of(String method, String uri, Headers headers) {
    requireNonNull(method, "method");
    requireNonNull(uri, "uri");
    requireNonNull(headers, "headers");
    return new RequestHead(method, URI.create(uri), headers);
  }

  /**
   * Returns a GET for {@code uri} with no header fields.
   *
   * @param uri the target URI, parsed by {@link URI#create}
   * @return the request head
   * @throws NullPointerException if {@code uri} is null
   * @throws IllegalArgumentException if the URI does not parse
   */
  public static RequestHead get(String uri) {
    return of("GET", uri, Headers.empty());
  }

  /**
   * Returns true for the methods RFC 9110 §9.2.2 defines as idempotent: GET, HEAD, OPTIONS, TRACE,
   * PUT and DELETE.
   *
   * @return true when the method, compared case-sensitively, is one of those six
   */
  public boolean isIdempotentMethod() {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  /**
   * Returns whether the request carries a non-empty {@code Idempotency-Key} field.
   *
   * @return true when the first such field has a non-empty value
   */
  public boolean hasIdempotencyKey() {
    return headers.first(IDEMPOTENCY_KEY).filter(v -> !v.isEmpty()).isPresent();
  }

  /**
   * Returns the host the request is for, from the URI (not the {@code Host} field).
   *
   * @return the URI's host lower-cased, or the empty string when the URI has none
   */
  public String host() {
    String host = uri.getHost();
    return host == null ? "" : host.toLowerCase(Locale.ROOT);
  }
}
