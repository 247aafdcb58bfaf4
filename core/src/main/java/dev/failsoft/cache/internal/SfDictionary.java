package dev.failsoft.cache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small Structured Field Dictionary parser (RFC 8941 §4.2.2) for RFC 9213 targeted cache fields.
 * Member values are kept as {@link Boolean}, {@link Long} (integers), {@link String} (strings and
 * tokens) or {@link #OTHER} (decimals, byte sequences, inner lists); parameters are skipped, as RFC
 * 9213 §2.1 says to ignore them. Any syntax error fails the whole field.
 */
public final class SfDictionary {

  /** Stands for a value of a type no cache directive takes. */
  public static final Object OTHER = new Object();

  /** One dictionary member. */
  public record Member(String key, Object value) {}

  private final String s;
  private int i;

  private SfDictionary(String s) {
    this.s = s;
  }

  /** Parses {@code value}; empty when it is not a valid dictionary. Later duplicates are kept. */
  public static Optional<List<Member>> parse(String value) {
    if (value == null || value.length() > 8192) {
      return Optional.empty();
    }
    SfDictionary p = new SfDictionary(value);
    try {
      return Optional.of(p.dictionary());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private List<Member> dictionary() {
    List<Member> members = new ArrayList<>(4);
    skipSp();
    while (i < s.length()) {
      String key = key();
      Object value = Boolean.TRUE;
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        if (i < s.length() && s.charAt(i) == '(') {
          innerList();
          value = OTHER;
        } else {
          value = bareItem();
        }
      }
      parameters();
      members.add(new Member(key, value));
      skipOws();
      if (i >= s.length()) {
        break;
      }
      expect(',');
      skipOws();
      if (i >= s.length()) {
        fail();
      }
    }
    return members;
  }

  private String key() {
    int start = i;
    if (i >= s.length()) {
      fail();
    }
    char c = s.charAt(i);
    if (!(c >= 'a' && c <= 'z' || c == '*')) {
      fail();
    }
    while (i < s.length()) {
      c = s.charAt(i);
      if (c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '-'
          || c == '.'
          || c == '*') {
        i++;
      } else {
        break;
      }
    }
    return s.substring(start, i);
  }

  private Object bareItem() {
    if (i >= s.length()) {
      fail();
    }
    char c = s.charAt(i);
    if (c == '-' || c >= '0' && c <= '9') {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == '?') {
      i++;
      if (i < s.length() && (s.charAt(i) == '0' || s.charAt(i) == '1')) {
        return s.charAt(i++) == '1';
      }
      fail();
    }
    if (c == ':') {
      int end = s.indexOf(':', i + 1);
      if (end < 0) {
        fail();
      }
      i = end + 1;
      return OTHER;
    }
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '*') {
      int start = i;
      while (i < s.length()
          && (Syntax.isTokenChar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
        i++;
      }
      return s.substring(start, i);
    }
    throw failure();
  }

  private Object number() {
    boolean negative = s.charAt(i) == '-';
    if (negative) {
      i++;
    }
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    int digits = i - start;
    if (digits == 0 || digits > 15) {
      fail();
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      int frac = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == frac || i - frac > 3 || digits > 12) {
        fail();
      }
      return OTHER;
    }
    long n = Long.parseLong(s, start, i, 10);
    return negative ? -n : n;
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '\\') {
        if (i >= s.length() || s.charAt(i) != '"' && s.charAt(i) != '\\') {
          fail();
        }
        out.append(s.charAt(i++));
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        fail();
      } else {
        out.append(c);
      }
    }
    throw failure();
  }

  private void innerList() {
    i++;
    while (true) {
      skipSp();
      if (i >= s.length()) {
        fail();
      }
      if (s.charAt(i) == ')') {
        i++;
        return;
      }
      bareItem();
      parameters();
      if (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != ')') {
        fail();
      }
    }
  }

  private void parameters() {
    while (i < s.length() && s.charAt(i) == ';') {
      i++;
      skipSp();
      key();
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        bareItem();
      }
    }
  }

  private void skipSp() {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
  }

  private void skipOws() {
    while (i < s.length() && Syntax.isOws(s.charAt(i))) {
      i++;
    }
  }

  private void expect(char c) {
    if (i >= s.length() || s.charAt(i) != c) {
      fail();
    }
    i++;
  }

  private static void fail() {
    throw failure();
  }

  private static IllegalArgumentException failure() {
    return new IllegalArgumentException("not a structured field dictionary");
  }
}
