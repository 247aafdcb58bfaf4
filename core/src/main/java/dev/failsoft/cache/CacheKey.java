package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.RequestHead;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The primary key of a stored response: method, scheme, authority, and path and query exactly as
 * received (RFC 9111 §2). Variants selected by {@code Vary} share a key and are told apart by
 * {@link StoredResponse#matches(RequestHead)}.
 *
 * <p>Only the scheme and host are lower-cased (they are case-insensitive, RFC 3986 §6.2.2.1); the
 * path and query are kept byte for byte, with no decoding, dot-segment removal or parameter
 * sorting, because the application reads them as they are — normalising here would let two requests
 * the application tells apart share an entry (web cache deception, parameter cloaking). The
 * authority comes from the request URI, or else from a well-formed {@code Host} field; headers such
 * as {@code X-Forwarded-Host} are never used. Immutable and thread-safe.
 *
 * @param method {@code GET} or {@code HEAD}; a HEAD entry never answers a GET
 * @param scheme lower-case scheme, {@code http} or {@code https}
 * @param authority lower-case host with port as received
 * @param target raw path, plus {@code ?} and the raw query when present
 */
public record CacheKey(String method, String scheme, String authority, String target) {

  /** The default longest key, in characters: {@value}. Longer requests are not cached. */
  public static final int DEFAULT_MAX_LENGTH = 2048;

  /**
   * Checks the components for null only; {@link #of(RequestHead, int)} is what guarantees the forms
   * described above.
   *
   * @param method {@code GET} or {@code HEAD}; a HEAD entry never answers a GET
   * @param scheme lower-case scheme, {@code http} or {@code https}
   * @param authority lower-case host with port as received
   * @param target raw path, plus {@code ?} and the raw query when present
   * @throws NullPointerException if a component is null
   */
  public CacheKey {
    requireNonNull(method, "method");
    requireNonNull(scheme, "scheme");
    requireNonNull(authority, "authority");
    requireNonNull(target, "target");
  }

  /**
   * Returns the key of {@code request} with the default length cap; see {@link #of(RequestHead,
   * int)}.
   *
   * @param request the request
   * @return the key, or empty when the request cannot be cached by key
   * @throws NullPointerException if {@code request} is null
   */
  public static Optional<CacheKey> of(RequestHead request) {
    return of(request, DEFAULT_MAX_LENGTH);
  }

  /**
   * Returns the key of {@code request}, or empty when the request cannot be cached by key: a method
   * other than GET or HEAD, no {@code http}/{@code https} scheme, no valid authority, or a key
   * longer than {@code maxLength} characters.
   *
   * @param request the request
   * @param maxLength the longest key accepted, in characters, as counted by {@link #length()}
   * @return the key, or empty when the request cannot be cached by key
   * @throws NullPointerException if {@code request} is null
   */
  public static Optional<CacheKey> of(RequestHead request, int maxLength) {
    requireNonNull(request, "request");
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Optional.empty();
    }
    URI uri = request.uri();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    String authority = uri.getRawAuthority();
    if (authority == null) {
      authority = request.headers().first("Host").orElse("");
    }
    authority = authority.toLowerCase(Locale.ROOT);
    if (!isValidAuthority(authority)) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    String target = query == null ? path : path + '?' + query;
    if (method.length() + scheme.length() + authority.length() + target.length() > maxLength) {
      return Optional.empty();
    }
    return Optional.of(new CacheKey(method, scheme, authority, target));
  }

  /**
   * Returns the key for the same URL with another method, for example a HEAD lookup of GET.
   *
   * @param otherMethod the method; not checked
   * @return a new key
   * @throws NullPointerException if {@code otherMethod} is null
   */
  public CacheKey withMethod(String otherMethod) {
    return new CacheKey(otherMethod, scheme, authority, target);
  }

  /**
   * Returns the characters this key holds, for weighing.
   *
   * @return the summed length of the four components
   */
  public int length() {
    return method.length() + scheme.length() + authority.length() + target.length();
  }

  /**
   * Returns the key as a request line, for example {@code GET https://example.com/path?q}.
   *
   * @return the method, a space and the URL
   */
  @Override
  public String toString() {
    return method + ' ' + scheme + "://" + authority + target;
  }

  // No user info (it would let "a@b" and "b" differ), no white space or delimiters.
  private static boolean isValidAuthority(String authority) {
    if (authority.isEmpty() || authority.length() > 255) {
      return false;
    }
    for (int i = 0; i < authority.length(); i++) {
      char c = authority.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '.'
              || c == '-'
              || c == ':'
              || c == '['
              || c == ']'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
