package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

/**
 * The head of an HTTP response: status code, reason phrase and header fields.
 *
 * <p>The reason phrase is informational and may be empty (HTTP/2 has none, and Tomcat sends none).
 * Instances are immutable and thread-safe.
 *
 * @param status the status code, 100 to 999
 * @param reason the reason phrase as received, possibly empty
 * @param headers the response header fields
 */
public record ResponseHead(int status, String reason, Headers headers) {

  /**
   * Checks the components.
   *
   * @param status the status code, 100 to 999
   * @param reason the reason phrase as received, possibly empty
   * @param headers the response header fields
   * @throws NullPointerException if {@code reason} or {@code headers} is null
   * @throws IllegalArgumentException if {@code status} is outside 100..999
   */
  public ResponseHead {
    requireNonNull(reason, "reason");
    requireNonNull(headers, "headers");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
    }
  }

  /**
   * Returns a response head with an empty reason phrase.
   *
   * @param status the status code, 100 to 999
   * @param headers the response header fields
   * @return the response head
   * @throws NullPointerException if {@code headers} is null
   * @throws IllegalArgumentException if {@code status} is outside 100..999
   */
  public static ResponseHead of(int status, Headers headers) {
    requireNonNull(headers, "headers");
    return new ResponseHead(status, "", headers);
  }

  /**
   * Returns whether the status is 2xx.
   *
   * @return true for 200 to 299
   */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * Returns whether the status is 5xx.
   *
   * @return true for 500 to 599
   */
  public boolean isServerError() {
    return status >= 500 && status < 600;
  }
}
