package dev.failsoft.internal;

import java.util.List;

/**
 * A minimal streaming JSON writer for Failsoft's own documented renderings. Not for users: the
 * package is internal and may change without notice.
 */
public final class Json {
  private Json() {}

  /** Starts a JSON object; call {@link Writer#end()} to get the text. */
  public static Writer object() {
    return new Writer().beginObject();
  }

  /** Appends {@code value} as a JSON string literal, escaping what RFC 8259 requires. */
  public static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20
              || c == 0x2028
              || c == 0x2029
              || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** Writes one JSON value; commas are placed automatically. Not thread-safe. */
  public static final class Writer {
    private final StringBuilder out = new StringBuilder(256);
    private boolean needComma;

    private Writer() {}

    public Writer beginObject() {
      comma();
      out.append('{');
      needComma = false;
      return this;
    }

    public Writer endObject() {
      out.append('}');
      needComma = true;
      return this;
    }

    public Writer beginArray() {
      comma();
      out.append('[');
      needComma = false;
      return this;
    }

    public Writer endArray() {
      out.append(']');
      needComma = true;
      return this;
    }

    /** Writes a member name; the next call writes its value. */
    public Writer name(String name) {
      comma();
      quote(out, name).append(':');
      needComma = false;
      return this;
    }

    /** Writes a value: null, a string, a boolean or a number. */
    public Writer value(Object value) {
      comma();
      if (value == null) {
        out.append("null");
      } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
        out.append(value);
      } else if (value instanceof Number n) {
        double d = n.doubleValue();
        out.append(Double.isFinite(d) ? String.valueOf(d) : "null");
      } else {
        quote(out, value.toString());
      }
      needComma = true;
      return this;
    }

    public Writer field(String name, Object value) {
      return name(name).value(value);
    }

    public Writer stringArray(String name, List<String> values) {
      name(name).beginArray();
      for (String v : values) {
        value(v);
      }
      return endArray();
    }

    /** Closes the outermost object and returns the text. */
    public String end() {
      out.append('}');
      return out.toString();
    }

    private void comma() {
      if (needComma) {
        out.append(',');
      }
    }
  }
}
