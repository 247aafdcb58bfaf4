package dev.failsoft.http;

import static java.util.Objects.requireNonNull;

import dev.failsoft.internal.Tokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, ordered list of HTTP header fields whose names compare case-insensitively.
 *
 * <p>A name may appear several times; {@link #values(String)} returns every value in the order
 * received, and {@link #first(String)} the first. Names keep the case they were given in, so a
 * response can be replayed as it came. Lookups scan the fields (header sections are short), so they
 * allocate nothing but the returned value.
 *
 * <p>Instances are thread-safe. Names must be non-empty tokens without white space, and values must
 * not contain CR, LF or NUL: {@link Builder#add} rejects them with {@link
 * IllegalArgumentException}, which keeps header injection out of everything Failsoft writes. {@link
 * Builder#addLenient} is for parsers of untrusted input: it drops such fields instead.
 */
public final class Headers implements Iterable<Headers.Field> {

  private static final Headers EMPTY = new Headers(new String[0]);

  /**
   * One header field: a name as given and its value with surrounding white space trimmed.
   *
   * @param name the field name, in the case it was given
   * @param value the field value
   */
  public record Field(String name, String value) {
    /**
     * Checks that neither part is null.
     *
     * @param name the field name, in the case it was given
     * @param value the field value
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public Field {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }
  }

  /** Alternating names and values: name at 2i, value at 2i+1. */
  private final String[] namesAndValues;

  private Headers(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /**
   * Returns the empty header list.
   *
   * @return a shared instance with no fields
   */
  public static Headers empty() {
    return EMPTY;
  }

  /**
   * Returns headers from alternating names and values, for example {@code of("Cache-Control",
   * "max-age=60", "ETag", "\"v1\"")}.
   *
   * @param namesAndValues name, value, name, value, ...; values are trimmed as by {@link
   *     Builder#add}
   * @return the headers, in argument order
   * @throws IllegalArgumentException if the count is odd or a name or value is invalid
   * @throws NullPointerException if the array or any element is null
   */
  public static Headers of(String... namesAndValues) {
    requireNonNull(namesAndValues, "namesAndValues");
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "namesAndValues: " + namesAndValues.length + " strings (expected: an even count)");
    }
    Builder builder = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      builder.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return builder.build();
  }

  /**
   * Returns headers holding every value of {@code multimap}, names in its iteration order.
   *
   * @param multimap field names mapped to their values
   * @return the headers
   * @throws IllegalArgumentException if a name or value is invalid
   * @throws NullPointerException if the map, a key, a list or a value is null
   */
  public static Headers of(Map<String, ? extends List<String>> multimap) {
    requireNonNull(multimap, "multimap");
    Builder builder = builder();
    multimap.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
    return builder.build();
  }

  /**
   * Returns a new, empty builder.
   *
   * @return a builder with no fields
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts with these fields; this instance is not affected by it.
   *
   * @return a new builder holding a copy of these fields
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.list.addAll(Arrays.asList(namesAndValues));
    return builder;
  }

  /**
   * Returns the number of fields (a name present twice counts twice).
   *
   * @return the field count, 0 or more
   */
  public int size() {
    return namesAndValues.length / 2;
  }

  /**
   * Returns whether there are no fields.
   *
   * @return true when {@link #size()} is 0
   */
  public boolean isEmpty() {
    return namesAndValues.length == 0;
  }

  /**
   * Returns the name of a field, as given.
   *
   * @param index the field's position, from 0
   * @return the field's name
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..size()-1}
   */
  public String name(int index) {
    checkIndex(index);
    return namesAndValues[index * 2];
  }

  /**
   * Returns the value of a field.
   *
   * @param index the field's position, from 0
   * @return the field's value
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code 0..size()-1}
   */
  public String value(int index) {
    checkIndex(index);
    return namesAndValues[index * 2 + 1];
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "index: " + index + " (expected: 0.." + (size() - 1) + ")");
    }
  }

  /**
   * Returns whether a field with this name is present.
   *
   * @param name the field name, any case
   * @return true when at least one field has this name
   * @throws NullPointerException if {@code name} is null
   */
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /**
   * Returns the first value of the named field.
   *
   * @param name the field name, any case
   * @return the first value, or empty when the field is absent
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> first(String name) {
    int i = indexOf(name, 0);
    return i < 0 ? Optional.empty() : Optional.of(namesAndValues[i + 1]);
  }

  /**
   * Returns the last value of the named field.
   *
   * @param name the field name, any case
   * @return the last value, or empty when the field is absent
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> last(String name) {
    requireNonNull(name, "name");
    for (int i = namesAndValues.length - 2; i >= 0; i -= 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        return Optional.of(namesAndValues[i + 1]);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every value of the named field.
   *
   * @param name the field name, any case
   * @return the values in the order received, unmodifiable; empty when the field is absent
   * @throws NullPointerException if {@code name} is null
   */
  public List<String> values(String name) {
    requireNonNull(name, "name");
    int i = indexOf(name, 0);
    if (i < 0) {
      return List.of();
    }
    List<String> values = new ArrayList<>(2);
    for (; i >= 0; i = indexOf(name, i + 2)) {
      values.add(namesAndValues[i + 1]);
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * Returns the values of a list-based field joined with {@code ", "} (RFC 9110 §5.3), or empty
   * when absent. Not for {@code Set-Cookie}, whose values cannot be combined.
   *
   * @param name the field name, any case
   * @return the joined values, or empty when the field is absent
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> combined(String name) {
    requireNonNull(name, "name");
    int i = indexOf(name, 0);
    if (i < 0) {
      return Optional.empty();
    }
    int next = indexOf(name, i + 2);
    if (next < 0) {
      return Optional.of(namesAndValues[i + 1]);
    }
    StringBuilder joined = new StringBuilder(namesAndValues[i + 1]);
    for (; next >= 0; next = indexOf(name, next + 2)) {
      joined.append(", ").append(namesAndValues[next + 1]);
    }
    return Optional.of(joined.toString());
  }

  /**
   * Returns the distinct field names, compared case-insensitively.
   *
   * @return the names in first-seen order and in the case first given, unmodifiable
   */
  public Set<String> names() {
    Map<String, String> byLower = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      byLower.putIfAbsent(namesAndValues[i].toLowerCase(Locale.ROOT), namesAndValues[i]);
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(byLower.values()));
  }

  /**
   * Returns a copy with {@code name: value} appended.
   *
   * @param name the field name
   * @param value the field value, trimmed as by {@link Builder#add}
   * @return new headers; this instance is unchanged
   * @throws IllegalArgumentException as {@link Builder#add}
   */
  public Headers with(String name, String value) {
    return toBuilder().add(name, value).build();
  }

  /**
   * Returns a copy without any field of this name.
   *
   * @param name the field name, any case
   * @return new headers, or this instance when no field has this name
   * @throws NullPointerException if {@code name} is null
   */
  public Headers without(String name) {
    return contains(name) ? toBuilder().removeAll(name).build() : this;
  }

  /**
   * Returns an estimate of the bytes these fields take on the wire (name, ": ", value, CRLF).
   *
   * @return the estimate in bytes, counting one byte per {@code char}
   */
  public long byteSize() {
    long bytes = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      bytes += namesAndValues[i].length() + namesAndValues[i + 1].length() + 4;
    }
    return bytes;
  }

  /**
   * Returns the fields as a multimap keyed by lower-case name.
   *
   * @return an unmodifiable map in first-seen order, each list in the order received
   */
  public Map<String, List<String>> toMultimap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.computeIfAbsent(namesAndValues[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .add(namesAndValues[i + 1]);
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  private int indexOf(String name, int from) {
    requireNonNull(name, "name");
    for (int i = from; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Iterator<Field> iterator() {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < namesAndValues.length;
      }

      @Override
      public Field next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Field field = new Field(namesAndValues[i], namesAndValues[i + 1]);
        i += 2;
        return field;
      }
    };
  }

  /** Equal when the same fields appear in the same order, names compared case-insensitively. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Headers that) || that.namesAndValues.length != namesAndValues.length) {
      return false;
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!namesAndValues[i].equalsIgnoreCase(that.namesAndValues[i])
          || !namesAndValues[i + 1].equals(that.namesAndValues[i + 1])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      hash = 31 * hash + namesAndValues[i].toLowerCase(Locale.ROOT).hashCode();
      hash = 31 * hash + namesAndValues[i + 1].hashCode();
    }
    return hash;
  }

  /**
   * Returns the fields one per line as {@code Name: value}.
   *
   * @return the fields as text, each line ending in LF
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      text.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]).append('\n');
    }
    return text.toString();
  }

  /**
   * Returns whether {@code name} is a valid field name: a non-empty RFC 9110 token (§5.6.2).
   *
   * @param name the candidate
   * @return true when valid
   * @throws NullPointerException if {@code name} is null
   */
  public static boolean isValidName(String name) {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether {@code value} holds no CR, LF or NUL.
   *
   * @param value the candidate
   * @return true when valid
   * @throws NullPointerException if {@code value} is null
   */
  public static boolean isValidValue(String value) {
    requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isTokenChar(char c) {
    return Tokens.isTokenChar(c);
  }

  /** Collects fields for a {@link Headers}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private final List<String> list = new ArrayList<>(16);

    private Builder() {}

    /**
     * Appends a field; the value is trimmed of surrounding spaces and tabs.
     *
     * @param name the field name
     * @param value the field value
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is null
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or NUL
     */
    public Builder add(String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (!isValidName(name)) {
        throw new IllegalArgumentException("name: \"" + printable(name) + "\" (expected: a token)");
      }
      if (!isValidValue(value)) {
        throw new IllegalArgumentException(
            "value of " + name + ": contains CR, LF or NUL (expected: none)");
      }
      list.add(name);
      list.add(trimOws(value));
      return this;
    }

    /**
     * Appends a field when it is valid and reports whether it was; for parsers of untrusted input,
     * which drop a malformed field rather than fail.
     *
     * @param name the field name; null (which some frameworks hand over) counts as invalid
     * @param value the field value, trimmed of surrounding spaces and tabs; null counts as invalid
     * @return true when the field was appended, false when it was dropped
     */
    public boolean addLenient(@Nullable String name, @Nullable String value) {
      if (name == null || value == null || !isValidName(name) || !isValidValue(value)) {
        return false;
      }
      list.add(name);
      list.add(trimOws(value));
      return true;
    }

    /**
     * Removes every field of this name, then appends {@code name: value}.
     *
     * @param name the field name
     * @param value the field value
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is null
     * @throws IllegalArgumentException as {@link #add}, leaving the builder unchanged
     */
    public Builder set(String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (!isValidName(name) || !isValidValue(value)) {
        // Validate before removing, so a rejected set does not lose the existing fields.
        return add(name, value);
      }
      removeAll(name);
      return add(name, value);
    }

    /**
     * Removes every field of this name.
     *
     * @param name the field name, any case
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder removeAll(String name) {
      requireNonNull(name, "name");
      for (int i = list.size() - 2; i >= 0; i -= 2) {
        if (list.get(i).equalsIgnoreCase(name)) {
          list.remove(i + 1);
          list.remove(i);
        }
      }
      return this;
    }

    /**
     * Returns the headers collected so far; later changes to the builder do not affect them.
     *
     * @return immutable headers
     */
    public Headers build() {
      return list.isEmpty() ? EMPTY : new Headers(list.toArray(new String[0]));
    }
  }

  private static String trimOws(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return start == 0 && end == value.length() ? value : value.substring(start, end);
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
