package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Parses a {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 *
 * <p>A date in the past means "now" (zero). Values that are neither form, and negative numbers, are
 * rejected with {@code Optional.empty()}, never an exception; delays longer than a hundred years
 * (however many digits) are clamped to a hundred years. Callers cap the result to what they are
 * willing to wait. Thread-safe.
 */
public final class RetryAfter {

  /** Delays beyond this are clamped: no one waits a hundred years. */
  private static final long MAX_SECONDS = 100L * 365 * 24 * 3600;

  private RetryAfter() {}

  /**
   * Parses a {@code Retry-After} value.
   *
   * @param value the field value
   * @param now the instant an HTTP-date is measured from
   * @return the delay, zero or more and at most a hundred years, or empty when the value is not a
   *     valid Retry-After
   * @throws NullPointerException if an argument is null
   */
  public static Optional<Duration> parse(String value, Instant now) {
    requireNonNull(value, "value");
    requireNonNull(now, "now");
    String s = value.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (isDigits(s)) {
      long seconds = 0;
      for (int i = 0; i < s.length(); i++) {
        seconds = seconds * 10 + (s.charAt(i) - '0');
        if (seconds > MAX_SECONDS) {
          return Optional.of(Duration.ofSeconds(MAX_SECONDS));
        }
      }
      return Optional.of(Duration.ofSeconds(seconds));
    }
    return HttpDate.parse(s, now)
        .map(
            date -> {
              Duration d = Duration.between(now, date);
              // Clamp a far-future date like a huge delay-seconds, so both forms agree.
              return d.isNegative()
                  ? Duration.ZERO
                  : d.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : d;
            });
  }

  /**
   * Reads the first {@code Retry-After} field of {@code headers}, as {@link #parse}.
   *
   * @param headers the response header fields
   * @param now the instant an HTTP-date is measured from
   * @return the delay, or empty when the field is absent or invalid
   * @throws NullPointerException if an argument is null
   */
  public static Optional<Duration> of(Headers headers, Instant now) {
    requireNonNull(headers, "headers");
    return headers.first("Retry-After").flatMap(v -> parse(v, now));
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
