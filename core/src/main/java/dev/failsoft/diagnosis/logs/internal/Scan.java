package dev.failsoft.diagnosis.logs.internal;

/**
 * Index-based scanning helpers shared by the parsers: no regular expressions, no allocation beyond
 * the substrings returned. Every method tolerates any input and out-of-range indexes.
 */
public final class Scan {
  private Scan() {}

  /** Returns true when {@code s} has {@code prefix} at {@code at}. */
  public static boolean startsWith(String s, String prefix, int at) {
    return at >= 0 && s.startsWith(prefix, at);
  }

  /** Returns true when the char at {@code i} is an ASCII digit. */
  public static boolean digit(String s, int i) {
    return i >= 0 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  /** Returns true when {@code n} chars from {@code i} are all ASCII digits. */
  public static boolean digits(String s, int i, int n) {
    if (i < 0 || i + n > s.length()) {
      return false;
    }
    for (int k = i; k < i + n; k++) {
      if (!digit(s, k)) {
        return false;
      }
    }
    return true;
  }

  /** Returns the char at {@code i}, or 0 when out of range. */
  public static char at(String s, int i) {
    return i >= 0 && i < s.length() ? s.charAt(i) : 0;
  }

  /**
   * Parses the unsigned decimal number of at most 9 digits at {@code i}; returns -1 when there is
   * none or it is longer (so absurd numbers never overflow).
   */
  public static int number(String s, int i) {
    int end = i;
    while (digit(s, end)) {
      end++;
    }
    if (end == i || end - i > 9) {
      return -1;
    }
    return Integer.parseInt(s, i, end, 10);
  }

  /** Returns the index of the first {@code c} at or after {@code from}, or the length. */
  public static int until(String s, char c, int from) {
    int i = s.indexOf(c, Math.max(0, from));
    return i < 0 ? s.length() : i;
  }

  /**
   * Returns the text after {@code marker} up to {@code end} (exclusive), searching from {@code
   * from}; null when the marker is absent. A missing end char takes the rest of the line.
   */
  public static String after(String s, String marker, char end, int from) {
    int i = s.indexOf(marker, Math.max(0, from));
    if (i < 0) {
      return null;
    }
    int start = i + marker.length();
    return s.substring(start, until(s, end, start));
  }

  /** Returns the text between the quotes that open right after {@code marker}, or null. */
  public static String quoted(String s, String marker, int from) {
    return after(s, marker + "\"", '"', from);
  }

  /** Returns the index just past the run of spaces at {@code i}. */
  public static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Returns the errno of the first {@code (NNN: text)} or {@code (NNN)text} from {@code from}. */
  public static int errno(String s, int from) {
    int i = s.indexOf('(', Math.max(0, from));
    while (i >= 0) {
      int n = number(s, i + 1);
      if (n >= 0) {
        return n;
      }
      i = s.indexOf('(', i + 1);
    }
    return -1;
  }

  /** Returns null for an empty or {@code -} field, else the field. */
  public static String field(String value) {
    return value == null || value.isEmpty() || value.equals("-") ? null : value;
  }

  /**
   * Strips the {@code :port} from a {@code host:port}, {@code [v6]:port} or {@code v6:port} field
   * that is known to carry a port; returns other text unchanged.
   */
  public static String withoutPort(String hostPort) {
    if (hostPort == null) {
      return null;
    }
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close > 1 ? hostPort.substring(1, close) : hostPort;
    }
    int colon = hostPort.lastIndexOf(':');
    return colon > 0
            && number(hostPort, colon + 1) >= 0
            && colon + 1 < hostPort.length()
            && digits(hostPort, colon + 1, hostPort.length() - colon - 1)
        ? hostPort.substring(0, colon)
        : hostPort;
  }

  /** Returns the space-separated token at {@code cursor[0]} and moves past it; "" at the end. */
  public static String token(String s, int[] cursor) {
    int i = skipSpaces(s, cursor[0]);
    int end = until(s, ' ', i);
    cursor[0] = end;
    return i >= s.length() ? "" : s.substring(i, end);
  }

  /** Returns the next {@code "quoted"} text from {@code cursor[0]} and moves past it, or null. */
  public static String nextQuoted(String s, int[] cursor) {
    int open = s.indexOf('"', cursor[0]);
    if (open < 0) {
      cursor[0] = s.length();
      return null;
    }
    int close = until(s, '"', open + 1);
    cursor[0] = Math.min(close + 1, s.length());
    return s.substring(open + 1, close);
  }

  /** Returns the index of the first {@code "} from {@code from} not escaped by a backslash. */
  public static int closingQuote(String s, int from) {
    int j = Math.max(0, from);
    while (j < s.length() && s.charAt(j) != '"') {
      j += s.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(j, s.length());
  }
}
