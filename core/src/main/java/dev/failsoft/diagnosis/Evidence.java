package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

/**
 * One observed fact a diagnosis rests on: where it was seen and what it said, for example {@code
 * header} / {@code Server: nginx/1.24.0} or {@code exception} / {@code java.net.ConnectException:
 * Connection refused}.
 *
 * <p>Texts are kept short and printable: {@link #of} cuts them to {@value #MAX_DETAIL} characters
 * and replaces control characters, so evidence from a hostile body is safe to log.
 *
 * @param source where the fact was seen: {@code status}, {@code header}, {@code body}, {@code
 *     proxy-status}, {@code exception}, {@code phase}, {@code log} or a rule's own word
 * @param detail what was seen
 */
public record Evidence(String source, String detail) {

  /** The longest detail kept, in characters. */
  public static final int MAX_DETAIL = 200;

  /**
   * Checks the components; unlike {@link #of}, keeps {@code detail} as given.
   *
   * @param source where the fact was seen: {@code status}, {@code header}, {@code body}, {@code
   *     proxy-status}, {@code exception}, {@code phase}, {@code log} or a rule's own word
   * @param detail what was seen
   * @throws NullPointerException if {@code source} or {@code detail} is null
   */
  public Evidence {
    requireNonNull(source, "source");
    requireNonNull(detail, "detail");
  }

  /**
   * Returns evidence with {@code detail} made printable and cut to {@value #MAX_DETAIL} characters.
   *
   * @param source where the fact was seen
   * @param detail what was seen, any text; control characters and lone surrogates become spaces,
   *     surrounding white space is stripped, and a cut detail ends in {@code …}
   * @return the evidence
   * @throws NullPointerException if an argument is null
   */
  public static Evidence of(String source, String detail) {
    requireNonNull(detail, "detail");
    if (printable(detail)) {
      return new Evidence(source, detail); // the common case: nothing to clean, no copy
    }
    StringBuilder clean = new StringBuilder(Math.min(detail.length(), MAX_DETAIL));
    for (int i = 0; i < detail.length() && clean.length() < MAX_DETAIL; i++) {
      char c = detail.charAt(i);
      clean.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? ' ' : c);
    }
    if (detail.length() > MAX_DETAIL) {
      clean.setCharAt(MAX_DETAIL - 1, '…');
    }
    return new Evidence(source, clean.toString().strip());
  }

  /** True when {@link #of} would return {@code detail} unchanged. */
  private static boolean printable(String detail) {
    int n = detail.length();
    if (n == 0 || n > MAX_DETAIL || detail.charAt(0) <= ' ' || detail.charAt(n - 1) <= ' ') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = detail.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || Character.isSurrogate(c)
          || Character.isWhitespace(c) && c > ' ') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code source: detail}.
   *
   * @return the evidence as one line (when built by {@link #of})
   */
  @Override
  public String toString() {
    return source + ": " + detail;
  }
}
