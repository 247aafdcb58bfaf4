package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

/**
 * The head of an HTTP response: status code, reason phrase and header fields.
 *
 * <p>The reason phrase is informational and may be empty (HTTP/2 has none, and Tomcat sends
 * none). Instances are immutable and thread-safe.
 *
 * @param status the status code, 100 to 999
 * @param reason the reason phrase as received, possibly empty
 * @param headers the response header fields
 */
public record ResponseHead(int status, String reason, Headers headers) {

  public ResponseHead {
    requireNonNull(reason, "reason");
    requireNonNull(headers, "headers");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
    }
  }

  /** Returns a response head with an empty reason phrase. */
  public static ResponseHead of(int status, Headers headers) {
    return new ResponseHead(status, "", headers);
  }

  /** Returns true for 2xx statuses. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** Returns true for 5xx statuses. */
  public boolean isServerError() {
    return status >= 500 && status < 600;
  }
}
