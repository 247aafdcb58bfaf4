package dev.failsoft.diagnosis.logs.internal;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.logs.LogFinding;
import dev.failsoft.diagnosis.logs.LogParser;
import java.time.Clock;
import java.util.Optional;

/**
 * One built-in format: a cheap shape check ({@link #accepts}) that looks at a few characters, then
 * the scanning parse. Thread-safe: parsers hold only the clock.
 */
public abstract class FormatParser implements LogParser {
  protected final Clock clock;
  private final String format;
  private final Responder responder;

  /**
   * @param format the stable format id, for example {@code nginx}
   * @param responder the responder a finding names unless the line says otherwise
   */
  protected FormatParser(Clock clock, String format, Responder responder) {
    this.clock = requireNonNull(clock, "clock");
    this.format = format;
    this.responder = responder;
  }

  /** Returns the stable format id, for example {@code nginx}. */
  public final String format() {
    return format;
  }

  /** Returns true when the text at {@code p.start()} has this format's shape. */
  public abstract boolean accepts(String line, Prefix p);

  /** Scans the line into {@code d}; leaves the kind unset when the line is not a failure. */
  protected abstract void scan(String line, int start, Draft d);

  @Override
  public final Optional<LogFinding> parse(String line) {
    requireNonNull(line, "line");
    Prefix p = Prefix.of(line, clock);
    return accepts(line, p) ? parseAccepted(line, p) : Optional.empty();
  }

  /** Parses a line {@link #accepts} already approved. */
  public final Optional<LogFinding> parseAccepted(String line, Prefix p) {
    Draft d = new Draft(format, responder).time(p.time());
    scan(line, p.start(), d);
    return Optional.ofNullable(d.build(line));
  }
}
