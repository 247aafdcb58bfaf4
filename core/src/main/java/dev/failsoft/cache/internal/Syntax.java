package dev.failsoft.cache.internal;

import dev.failsoft.internal.Tokens;

/**
 * Scanning helpers for HTTP field values: tokens, delta-seconds and Structured Field items. No
 * regular expressions and no exceptions; bad input yields a sentinel.
 */
public final class Syntax {

  /** RFC 9111 §1.2.2: a delta-seconds too large to represent is sent as 2^31. */
  public static final long DELTA_SECONDS_MAX = 2_147_483_648L;

  /** Returned by {@link #deltaSeconds} for a value that is not 1*DIGIT. */
  public static final long INVALID = -1;

  private Syntax() {}

  /** Returns true for an RFC 9110 tchar. */
  public static boolean isTokenChar(char c) {
    return Tokens.isTokenChar(c);
  }

  /** Returns true for a space or horizontal tab (OWS). */
  public static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Parses delta-seconds (1*DIGIT) in {@code s[from, to)}; values above 2^31 (including those past
   * 2^63) saturate to {@link #DELTA_SECONDS_MAX}; anything else is {@link #INVALID}.
   */
  public static long deltaSeconds(String s, int from, int to) {
    if (from < 0 || to <= from) {
      return INVALID;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return INVALID;
      }
      if (n < DELTA_SECONDS_MAX) {
        n = n * 10 + (c - '0');
      }
    }
    return Math.min(n, DELTA_SECONDS_MAX);
  }

  /** Parses a whole string as delta-seconds, trimming OWS; {@link #INVALID} when it is not. */
  public static long deltaSeconds(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isOws(s.charAt(from))) {
      from++;
    }
    while (to > from && isOws(s.charAt(to - 1))) {
      to--;
    }
    return deltaSeconds(s, from, to);
  }

  /**
   * Returns true when {@code s[from, to)} equals {@code name}, ignoring ASCII case; {@code name}
   * must be lower case. Unlike {@link String#regionMatches(boolean, int, String, int, int)}, no
   * non-ASCII character folds to an ASCII one (the Kelvin sign is not a {@code k}).
   */
  public static boolean is(String s, int from, int to, String name) {
    int n = name.length();
    if (to - from != n || from < 0 || to > s.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(from + i);
      char want = name.charAt(i);
      if (c != want && (c < 'A' || c > 'Z' || c + ('a' - 'A') != want)) {
        return false;
      }
    }
    return true;
  }

  /** Returns true when {@code s} is a valid Structured Field token (RFC 8941 §3.3.4). */
  public static boolean isSfToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first == '*')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isTokenChar(c) && c != ':' && c != '/') {
        return false;
      }
    }
    return true;
  }

  /**
   * Appends {@code s} as a Structured Field token when it is one, else as an sf-string with {@code
   * "} and {@code \} escaped and characters outside printable ASCII replaced by {@code ?}.
   */
  public static StringBuilder appendTokenOrString(StringBuilder out, String s) {
    return isSfToken(s) ? out.append(s) : appendSfString(out, s);
  }

  /** Appends {@code s} as an sf-string (RFC 8941 §3.3.3), replacing non-printable characters. */
  public static StringBuilder appendSfString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
