package dev.failsoft.diagnosis.logs.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The byte-level prefilter for nginx {@code error.log}: tells, before a line is decoded, that
 * {@link NginxParser} would find no failure in it, so the analyzer can skip it. It only ever says
 * "skip" for a line that starts with nginx's own time stamp (no transport prefix, so nginx is the
 * format that reads it) and holds none of the texts every nginx finding needs: for {@code notice},
 * {@code info} and {@code debug} the client-abort texts, for other levels the texts {@code
 * NginxParser} classifies by, plus {@code , upstream: "} below {@code warn}. Every other line is
 * decoded and parsed as before, so a skip never changes a summary. Stateless and thread-safe.
 */
public final class NginxNoise {
  private static final byte[][] QUIET_MARKERS =
      bytes("client prematurely closed", "client closed connection");

  private static final byte[][] MARKERS =
      bytes(
          "client prematurely closed",
          "client closed connection",
          "upstream timed out",
          "connect() ",
          "no live upstreams",
          "upstream prematurely closed",
          "upstream sent ",
          "FastCGI sent in stderr",
          "upstream SSL certificate",
          "SSL handshaking to upstream",
          "could not be resolved",
          "no resolver defined",
          "host not found in upstream ",
          "limiting requests",
          "limiting connections",
          "no peer was returned",
          "() failed (");

  private static final byte[] UPSTREAM_URL = ", upstream: \"".getBytes(US_ASCII);

  private static final byte[][][] MARKERS_BY_FIRST = byFirstByte(MARKERS);
  private static final byte[][][] QUIET_BY_FIRST = byFirstByte(QUIET_MARKERS);

  private NginxNoise() {}

  /** Returns true only when the line in {@code b[from, to)} surely yields no nginx finding. */
  public static boolean skip(byte[] b, int from, int to) {
    int lb = from + 20;
    if (to - from < 24
        || !digits(b, from, 4)
        || b[from + 4] != '/'
        || b[from + 10] != ' '
        || b[lb] != '['
        || !validStamp(b, from)) {
      // Without a valid stamp NginxParser reads the level differently: parse such lines.
      return false;
    }
    int rb = lb + 1;
    while (rb < to && rb - lb < 8 && b[rb] != ']') {
      rb++;
    }
    if (rb >= to || b[rb] != ']') {
      return false;
    }
    int levelLength = rb - lb - 1;
    if (level(b, lb + 1, levelLength, "notice")
        || level(b, lb + 1, levelLength, "info")
        || level(b, lb + 1, levelLength, "debug")) {
      return !containsAny(b, rb, to, QUIET_MARKERS);
    }
    boolean warn = level(b, lb + 1, levelLength, "warn");
    if (!warn && contains(b, rb, to, UPSTREAM_URL)) {
      return false; // an upstream error worded any way is a finding (unknown at worst)
    }
    return !containsAny(b, rb, to, MARKERS);
  }

  /** {@code yyyy/MM/dd HH:mm:ss} that {@link Times#slashed} accepts (it rejects 2024/02/30). */
  private static boolean validStamp(byte[] b, int at) {
    if (b[at + 7] != '/'
        || b[at + 13] != ':'
        || b[at + 16] != ':'
        || !digits(b, at + 5, 2)
        || !digits(b, at + 8, 2)
        || !digits(b, at + 11, 2)
        || !digits(b, at + 14, 2)
        || !digits(b, at + 17, 2)
        || b[at + 19] != ' ') {
      return false;
    }
    int year = num(b, at, 4);
    int month = num(b, at + 5, 2);
    int day = num(b, at + 8, 2);
    if (month < 1 || month > 12 || day < 1 || num(b, at + 11, 2) > 23) {
      return false;
    }
    if (num(b, at + 14, 2) > 59 || num(b, at + 17, 2) > 59) {
      return false;
    }
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    int days =
        month == 2
            ? (leap ? 29 : 28)
            : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    return day <= days;
  }

  private static int num(byte[] b, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  private static boolean level(byte[] b, int at, int length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (b[at + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(byte[] b, int at, int n) {
    for (int i = at; i < at + n; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** One pass over the line: at each byte, only the needles that start with it are compared. */
  private static boolean containsAny(byte[] b, int from, int to, byte[][] needles) {
    byte[][][] byFirst = needles == MARKERS ? MARKERS_BY_FIRST : QUIET_BY_FIRST;
    for (int i = from; i < to; i++) {
      byte[][] candidates = byFirst[b[i] & 0xff];
      if (candidates == null) {
        continue;
      }
      for (byte[] n : candidates) {
        if (matchesAt(b, i, to, n)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesAt(byte[] b, int at, int to, byte[] needle) {
    if (to - at < needle.length) {
      return false;
    }
    for (int j = 1; j < needle.length; j++) {
      if (b[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  private static byte[][][] byFirstByte(byte[][] needles) {
    byte[][][] table = new byte[256][][];
    for (byte[] n : needles) {
      int first = n[0] & 0xff;
      byte[][] old = table[first] == null ? new byte[0][] : table[first];
      byte[][] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = n;
      table[first] = grown;
    }
    return table;
  }

  /** A first-byte scan, then a compare: no allocation. */
  static boolean contains(byte[] b, int from, int to, byte[] needle) {
    byte first = needle[0];
    int last = to - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (b[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static byte[][] bytes(String... texts) {
    byte[][] out = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      out[i] = texts[i].getBytes(US_ASCII);
    }
    return out;
  }
}
