package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * RFC 9112 §6.3: whether a received message's framing fields can be trusted. A message whose
 * framing they cannot tell is an error: it is never stored, and a client treats the response as a
 * failed attempt instead of reading a body of a length nobody can vouch for.
 *
 * <p>Pure and thread-safe; bad input gets an answer, never an exception.
 */
public final class Framing {

  /** Longer digit strings cannot be a length in a {@code long}; such a value is invalid. */
  private static final int MAX_DIGITS = 18;

  private Framing() {}

  /**
   * Returns what is wrong with the framing of a message with {@code headers}, or empty when its
   * framing is sound. Wrong is:
   *
   * <ul>
   *   <li>{@code Content-Length} together with {@code Transfer-Encoding}: the message "ought to be
   *       handled as an error" (§6.3 item 3), a sign of smuggling or response splitting;
   *   <li>a {@code Content-Length} that is not a non-negative decimal number, or several that
   *       disagree ({@code 5, 7}): the framing is invalid and the message an unrecoverable error
   *       (§6.3 item 5). Repeated identical values ({@code 5, 5}) are one length (RFC 9110 §8.6).
   * </ul>
   *
   * @param headers the message's header fields
   * @return a one-line reason shaped {@code "name: value (expected: ...)"}, or empty
   * @throws NullPointerException if {@code headers} is null
   */
  public static Optional<String> error(Headers headers) {
    requireNonNull(headers, "headers");
    if (!headers.contains("Content-Length")) {
      return Optional.empty();
    }
    String length = headers.combined("Content-Length").orElse("");
    if (headers.contains("Transfer-Encoding")) {
      return Optional.of(
          "Content-Length: "
              + printable(length)
              + " with Transfer-Encoding: "
              + printable(headers.combined("Transfer-Encoding").orElse(""))
              + " (expected: one of the two)");
    }
    long first = -1;
    for (String value : headers.values("Content-Length")) {
      for (String part : value.split(",", -1)) {
        long n = parse(part.strip());
        if (n < 0 || (first >= 0 && n != first)) {
          return Optional.of(
              "Content-Length: "
                  + printable(length)
                  + " (expected: one non-negative decimal length)");
        }
        first = n;
      }
    }
    return Optional.empty();
  }

  private static long parse(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 40));
    for (int i = 0; i < value.length() && i < 32; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return value.length() > 32 ? out.append("...").toString() : out.toString();
  }
}
