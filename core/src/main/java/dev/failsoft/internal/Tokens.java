package dev.failsoft.internal;

/**
 * RFC 9110 §5.6.2 token characters, tested by one shift against two bit sets (chars 0-63 and
 * 64-127): the check every field name and directive name goes through. Stateless.
 */
public final class Tokens {
  private static final long TCHAR_LOW = bits(0, "!#$%&'*+-.0123456789");
  private static final long TCHAR_HIGH =
      bits(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");

  private Tokens() {}

  private static long bits(int base, String chars) {
    long set = 0;
    for (int i = 0; i < chars.length(); i++) {
      set |= 1L << (chars.charAt(i) - base);
    }
    return set;
  }

  /** Returns true for an RFC 9110 tchar. */
  public static boolean isTokenChar(char c) {
    // A shift by a long uses only the low six bits of the distance, hence the range checks.
    return c < 64 ? (TCHAR_LOW >>> c & 1) != 0 : c < 128 && (TCHAR_HIGH >>> c & 1) != 0;
  }
}
