package dev.failsoft.diagnosis.logs;

import java.util.Optional;

/**
 * Turns one log line into a {@link LogFinding} when the line records an upstream failure.
 *
 * <p>The built-in parsers ({@link LogFormats}) return empty for lines of other formats and for
 * lines that record no failure (a 200, a notice, a health check that passed), never throw for any
 * text (binary garbage, a megabyte of one character, a half line), and are thread-safe. A line is
 * given without its line terminator. Implement this interface to teach {@link LogAnalyzer} a format
 * of your own; an exception it throws is counted by the analyzer, not propagated.
 */
@FunctionalInterface
public interface LogParser {
  /**
   * Returns the failure this line records, or empty.
   *
   * @param line one log line, without its terminator
   * @return the finding, or empty when the line records no upstream failure
   * @throws NullPointerException if {@code line} is null
   */
  Optional<LogFinding> parse(String line);
}
