package dev.failsoft.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one grammar for settings written as text: every Failsoft setting that an operator types (a
 * filter init-param, a command-line option, a Spring property) is read by one of these methods, so
 * the same value means the same thing everywhere.
 *
 * <table>
 *   <caption>Value forms</caption>
 *   <tr><th>form</th><th>reads</th><th>examples</th></tr>
 *   <tr><td>{@linkplain #duration duration}</td><td>a whole number and a unit: {@code ms}, {@code
 *       s}, {@code m} (or {@code min}), {@code h}, {@code d}; a bare number is seconds; ISO-8601
 *       ({@code PT2S}) too. Never negative.</td><td>{@code 500ms}, {@code 30s}, {@code 10m},
 *       {@code 1d}</td></tr>
 *   <tr><td>{@linkplain #bytes size}</td><td>a whole number of bytes, optionally with a binary
 *       unit: {@code K}, {@code KB} or {@code KiB} (1024), {@code M}, {@code MB} or {@code MiB}
 *       (1024²), {@code G}, {@code GB} or {@code GiB} (1024³); {@code B} for bytes. {@code KB}
 *       means 1024 here, as operators mean it in a size setting.</td><td>{@code 65536}, {@code
 *       64KiB}, {@code 1MiB}, {@code 1G}</td></tr>
 *   <tr><td>{@linkplain #statuses status list}</td><td>HTTP statuses (100 to 599) separated by
 *       commas</td><td>{@code 502,503,504}</td></tr>
 *   <tr><td>{@linkplain #onOff switch}</td><td>{@code on}/{@code off}, {@code true}/{@code
 *       false}, {@code yes}/{@code no}</td><td>{@code on}</td></tr>
 *   <tr><td>{@linkplain #count count}</td><td>a whole number (an {@code int})</td><td>{@code
 *       10}</td></tr>
 *   <tr><td>{@linkplain #fraction fraction}</td><td>above 0 and at most 1, as a decimal or a
 *       percentage</td><td>{@code 0.5}, {@code 50%}</td></tr>
 *   <tr><td>{@linkplain #entries list of rules}</td><td>entries separated by {@code ;} or new
 *       lines; blank entries are skipped</td><td>{@code /admin/* off; /news/* max-stale=10m}</td>
 *       </tr>
 * </table>
 *
 * <p>Units and words are case-insensitive and surrounding whitespace is ignored. A value that does
 * not fit its form is refused with an {@link IllegalArgumentException} whose message is one line
 * naming the setting, the value and what is expected: {@code max-stale: "soon" (expected: a
 * duration such as 500ms, 30s, 10m, 1h or 1d)}. Each method reads one value in time proportional to
 * its length. Thread-safe: the class holds no state.
 */
public final class SettingValues {
  private static final String DURATION = "a duration such as 500ms, 30s, 10m, 1h or 1d";
  private static final String SIZE = "a size such as 65536, 64KiB, 1MiB or 1GiB";
  // Longer numbers overflow a long once a unit multiplies them; no setting needs them.
  private static final int MAX_DIGITS = 12;

  private SettingValues() {}

  /**
   * Reads a duration.
   *
   * @param name the setting's name, for the error message
   * @param value the text, for example {@code 500ms}, {@code 10m} or {@code 3} (seconds)
   * @return the duration, zero or more
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} if {@code value} is not a duration or is
   *     negative
   */
  public static Duration duration(String name, String value) {
    requireNonNull(name, "name");
    String v = requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        Duration iso = Duration.parse(v.toUpperCase(Locale.ROOT));
        if (iso.isNegative()) {
          throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: >= 0)");
        }
        return iso;
      }
      int end = digits(v);
      long n = Long.parseLong(v.substring(0, end));
      return switch (v.substring(end).trim()) {
        case "ms" -> Duration.ofMillis(n);
        case "", "s" -> Duration.ofSeconds(n);
        case "m", "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw expected(name, value, DURATION);
    }
  }

  /**
   * Reads a duration no longer than {@code max}.
   *
   * @param name the setting's name, for the error message
   * @param value the text, as {@link #duration(String, String)} reads it
   * @param max the longest duration allowed
   * @return the duration, from zero to {@code max}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} if {@code value} is not a duration, is
   *     negative or is longer than {@code max}
   */
  public static Duration duration(String name, String value, Duration max) {
    requireNonNull(max, "max");
    Duration d = duration(name, value);
    if (d.compareTo(max) > 0) {
      throw expected(name, value, "at most " + written(max));
    }
    return d;
  }

  /**
   * Reads a size in bytes.
   *
   * @param name the setting's name, for the error message
   * @param value the text, for example {@code 65536}, {@code 64KiB}, {@code 64 KB} or {@code 1G}
   * @param max the largest size allowed, in bytes
   * @return the size, from 0 to {@code max}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} if {@code value} is not a size or is
   *     larger than {@code max}
   */
  public static long bytes(String name, String value, long max) {
    requireNonNull(name, "name");
    String v = requireNonNull(value, "value").trim().toUpperCase(Locale.ROOT);
    int end;
    try {
      end = digits(v);
    } catch (NumberFormatException e) {
      throw expected(name, value, SIZE);
    }
    int shift =
        switch (v.substring(end).trim()) {
          case "", "B" -> 0;
          case "K", "KB", "KIB" -> 10;
          case "M", "MB", "MIB" -> 20;
          case "G", "GB", "GIB" -> 30;
          default -> throw expected(name, value, SIZE);
        };
    long n = Long.parseLong(v.substring(0, end));
    if (n > max >> shift) {
      throw expected(name, value, "at most " + max + " bytes");
    }
    return n << shift;
  }

  /**
   * Reads a list of HTTP statuses.
   *
   * @param name the setting's name, for the error message
   * @param value the text, for example {@code 500, 502,503}
   * @return the statuses, unmodifiable, in ascending order, at least one
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} if an entry is not a status from 100 to
   *     599
   */
  public static Set<Integer> statuses(String name, String value) {
    requireNonNull(name, "name");
    Set<Integer> statuses = new TreeSet<>();
    for (String s : requireNonNull(value, "value").split(",", -1)) {
      String status = s.trim();
      if (status.length() != 3 || digits(status, 3) != 3) {
        throw expected(name, value, "statuses separated by commas, such as 500,502,503,504");
      }
      int code = Integer.parseInt(status);
      if (code < 100 || code > 599) {
        throw expected(name, value, "statuses from 100 to 599, such as 500,502,503,504");
      }
      statuses.add(code);
    }
    return Collections.unmodifiableSet(statuses);
  }

  /**
   * Reads a switch.
   *
   * @param name the setting's name, for the error message
   * @param value {@code on}, {@code true} or {@code yes}; {@code off}, {@code false} or {@code no}
   * @return true for on
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} for any other value
   */
  public static boolean onOff(String name, String value) {
    requireNonNull(name, "name");
    return switch (requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      default -> throw expected(name, value, "on or off");
    };
  }

  /**
   * Reads a whole number; the setting's own range is checked by whoever uses it.
   *
   * @param name the setting's name, for the error message
   * @param value the text, for example {@code 10}
   * @return the number
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} if {@code value} is not a whole number
   *     that fits an {@code int}
   */
  public static int count(String name, String value) {
    requireNonNull(name, "name");
    try {
      return Integer.parseInt(requireNonNull(value, "value").trim());
    } catch (NumberFormatException e) {
      throw expected(name, value, "a whole number, such as 10");
    }
  }

  /**
   * Reads a fraction above 0 and at most 1.
   *
   * @param name the setting's name, for the error message
   * @param value the text, for example {@code 0.5} or {@code 50%}
   * @return the fraction, in (0, 1]
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming {@code name} if {@code value} is not such a fraction
   */
  public static double fraction(String name, String value) {
    requireNonNull(name, "name");
    String v = requireNonNull(value, "value").trim();
    boolean percent = v.endsWith("%");
    try {
      double rate = Double.parseDouble(percent ? v.substring(0, v.length() - 1).trim() : v);
      rate = percent ? rate / 100 : rate;
      if (rate > 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw expected(name, value, "a fraction above 0 and at most 1, such as 0.5 or 50%");
  }

  /**
   * Splits a list of rules (routes, for example) into its entries.
   *
   * @param value entries separated by {@code ;} or new lines
   * @return the entries, trimmed, without blank ones, unmodifiable
   * @throws NullPointerException if {@code value} is null
   */
  public static List<String> entries(String value) {
    List<String> entries = new ArrayList<>();
    for (String entry : requireNonNull(value, "value").split("[;\\r\\n]")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return Collections.unmodifiableList(entries);
  }

  /** Writes {@code d} the way this grammar reads it, in its largest whole unit. */
  private static String written(Duration d) {
    long ms = d.toMillis();
    long[] units = {86_400_000, 3_600_000, 60_000, 1000};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms != 0 && ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }

  /** The length of the run of ASCII digits that starts {@code v}; refuses none or too many. */
  private static int digits(String v) {
    int end = digits(v, MAX_DIGITS + 1);
    if (end == 0 || end > MAX_DIGITS) {
      throw new NumberFormatException();
    }
    return end;
  }

  private static int digits(String v, int limit) {
    int end = 0;
    while (end < v.length() && end < limit && v.charAt(end) >= '0' && v.charAt(end) <= '9') {
      end++;
    }
    return end;
  }

  private static IllegalArgumentException expected(String name, String value, String expected) {
    return new IllegalArgumentException(name + ": \"" + value + "\" (expected: " + expected + ")");
  }
}
