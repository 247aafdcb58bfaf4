package dev.failsoft.diagnosis.logs.internal;

import static dev.failsoft.diagnosis.logs.internal.Scan.at;
import static dev.failsoft.diagnosis.logs.internal.Scan.digits;
import static dev.failsoft.diagnosis.logs.internal.Scan.until;

import java.time.Clock;
import java.time.Instant;

/**
 * The transport prefix a line may carry before the product's own text: a syslog or logplex header
 * ({@code <134>May 1 10:00:03 lb1 haproxy[14389]: }, {@code 2010-10-06T21:51:12-07:00
 * heroku[router]: }). Parsers look at the text from {@link #start()}; the stamp and the tag ({@code
 * haproxy[14389]}, {@code kernel}) help them when the product prints none of its own.
 */
public final class Prefix {
  /** The longest host-plus-tag stretch searched, so a long first word costs nothing. */
  private static final int MAX_TAG = 128;

  private static final Prefix NONE = new Prefix(0, null, "");

  private final int start;
  private final Instant time;
  private final String tag;

  private Prefix(int start, Instant time, String tag) {
    this.start = start;
    this.time = time;
    this.tag = tag;
  }

  /** Returns where the product's own text starts. */
  public int start() {
    return start;
  }

  /** Returns the transport's time stamp, or null. */
  public Instant time() {
    return time;
  }

  /** Returns the syslog tag without its colon ({@code haproxy[14389]}), or "". */
  public String tag() {
    return tag;
  }

  /** Scans {@code line} for a transport prefix; returns one starting at 0 when there is none. */
  public static Prefix of(String line, Clock clock) {
    int i = 0;
    if (at(line, 0) == '<') {
      int close = line.indexOf('>');
      if (close > 1 && close <= 4 && digits(line, 1, close - 1)) {
        i = close + 1;
      }
    }
    Instant time;
    int afterTime;
    if (Times.month(line, i) > 0 && at(line, i + 3) == ' ') {
      time = Times.syslog(line, i, clock);
      afterTime = i + 15;
    } else if (digits(line, i, 4) && at(line, i + 4) == '-' && at(line, i + 10) == 'T') {
      time = Times.iso(line, i);
      afterTime = until(line, ' ', i);
    } else {
      return NONE;
    }
    if (time == null || at(line, afterTime) != ' ') {
      return NONE;
    }
    int p = afterTime + 1;
    int end = until(line, ' ', p);
    if (end - p > MAX_TAG) {
      return NONE;
    }
    if (end > p && line.charAt(end - 1) == ':') {
      return new Prefix(Math.min(end + 1, line.length()), time, line.substring(p, end - 1));
    }
    int p2 = end + 1;
    int end2 = until(line, ' ', p2);
    if (end2 > p2 && end2 - p2 <= MAX_TAG && line.charAt(end2 - 1) == ':') {
      return new Prefix(Math.min(end2 + 1, line.length()), time, line.substring(p2, end2 - 1));
    }
    return NONE;
  }
}
