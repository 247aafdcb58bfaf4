package dev.failsoft.diagnosis.logs;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.logs.internal.ApacheParser;
import dev.failsoft.diagnosis.logs.internal.CaddyParser;
import dev.failsoft.diagnosis.logs.internal.EnvoyParser;
import dev.failsoft.diagnosis.logs.internal.FormatParser;
import dev.failsoft.diagnosis.logs.internal.GunicornParser;
import dev.failsoft.diagnosis.logs.internal.HaproxyParser;
import dev.failsoft.diagnosis.logs.internal.HerokuParser;
import dev.failsoft.diagnosis.logs.internal.KernelOomParser;
import dev.failsoft.diagnosis.logs.internal.NginxParser;
import dev.failsoft.diagnosis.logs.internal.PhpFpmParser;
import dev.failsoft.diagnosis.logs.internal.Prefix;
import dev.failsoft.diagnosis.logs.internal.SquidParser;
import dev.failsoft.diagnosis.logs.internal.TraefikParser;
import dev.failsoft.diagnosis.logs.internal.VarnishParser;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The built-in log formats, by id, and a parser that detects the format of every line.
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>id</th><th>reads</th></tr>
 *   <tr><td>{@code nginx}</td><td>nginx {@code error.log} (also OpenResty, Kong,
 *       ingress-nginx)</td></tr>
 *   <tr><td>{@code apache}</td><td>Apache httpd 2.4 {@code error_log}, mod_proxy AH codes</td></tr>
 *   <tr><td>{@code haproxy}</td><td>HAProxy httplog/tcplog lines, health checks, server
 *       state</td></tr>
 *   <tr><td>{@code envoy}</td><td>Envoy and Istio default access logs</td></tr>
 *   <tr><td>{@code heroku}</td><td>Heroku router (H codes) and dyno (R codes) logs</td></tr>
 *   <tr><td>{@code gunicorn}</td><td>gunicorn error log</td></tr>
 *   <tr><td>{@code php-fpm}</td><td>PHP-FPM log</td></tr>
 *   <tr><td>{@code kernel-oom}</td><td>Linux OOM-killer kills ({@code dmesg}, syslog)</td></tr>
 *   <tr><td>{@code varnish}</td><td>{@code varnishlog} FetchError records</td></tr>
 *   <tr><td>{@code caddy}</td><td>Caddy v2 JSON error log ({@code http.log.error})</td></tr>
 *   <tr><td>{@code traefik}</td><td>Traefik v2 debug log ({@code '502 Bad Gateway' caused
 *       by: ...})</td></tr>
 *   <tr><td>{@code squid}</td><td>Squid native {@code access.log} and {@code cache.log}</td></tr>
 * </table>
 *
 * <p>Lines may carry a syslog or logplex prefix ({@code May 1 10:00:03 lb1 haproxy[14389]: }). Time
 * stamps without a zone are read in the clock's zone, and those without a year (syslog) in the
 * clock's current year; the no-clock methods use {@link Clock#systemDefaultZone()}.
 *
 * <p>The kinds are chosen alike across formats: a timeout while connecting is {@code
 * CONNECTION_TIMEOUT}, while sending the request {@code CONNECTION_WRITE_TIMEOUT}, while waiting
 * for the response headers {@code HTTP_RESPONSE_TIMEOUT}, and idle in the middle of the body {@code
 * CONNECTION_READ_TIMEOUT}; a client that gave up is {@code CANCELED}; a line that only repeats a
 * failure already logged on its own line (Apache's AH01114 after AH00957, the kernel's {@code
 * invoked oom-killer} before the kill) or announces a state change (nginx's {@code upstream server
 * temporarily disabled}) is no finding, so one failure counts once.
 *
 * <p>Detection looks at a few characters of each line (the shape of its time stamp, its syslog
 * tag), so the detecting parser costs about as much as the one right parser. All parsers are
 * thread-safe and never throw for any line.
 */
public final class LogFormats {
  private static final List<String> IDS =
      List.of(
          "nginx",
          "apache",
          "haproxy",
          "envoy",
          "heroku",
          "gunicorn",
          "php-fpm",
          "kernel-oom",
          "varnish",
          "caddy",
          "traefik",
          "squid");

  /** Shape checks only: detection needs no clock of the caller's. */
  private static final Detecting DETECTOR =
      new Detecting(all(Clock.systemUTC()), Clock.systemUTC());

  private LogFormats() {}

  /**
   * Returns the ids of the built-in formats, in detection order.
   *
   * @return an unmodifiable list of ids
   */
  public static List<String> ids() {
    return IDS;
  }

  /**
   * Returns the parser of one built-in format, using the system clock and zone.
   *
   * @param format one of {@link #ids()}, compared exactly
   * @return the parser
   * @throws NullPointerException if {@code format} is null
   * @throws IllegalArgumentException if {@code format} is not one of {@link #ids()}
   */
  public static LogParser parser(String format) {
    return parser(format, Clock.systemDefaultZone());
  }

  /**
   * Returns the parser of one built-in format.
   *
   * @param format one of {@link #ids()}, compared exactly
   * @param clock the clock whose zone and year complete partial time stamps
   * @return the parser
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code format} is not one of {@link #ids()}
   */
  public static LogParser parser(String format, Clock clock) {
    requireNonNull(format, "format");
    for (FormatParser p : all(clock)) {
      if (p.format().equals(format)) {
        return p;
      }
    }
    throw new IllegalArgumentException("format: \"" + format + "\" (expected: one of " + IDS + ")");
  }

  /**
   * Returns a parser that detects each line's format, using the system clock and zone.
   *
   * @return the detecting parser
   */
  public static LogParser autoDetect() {
    return autoDetect(Clock.systemDefaultZone());
  }

  /**
   * Returns a parser that detects each line's format among all built-in formats, so files that mix
   * products (a proxy's log next to its app server's) read in one pass.
   *
   * @param clock the clock whose zone and year complete partial time stamps
   * @return the detecting parser
   * @throws NullPointerException if {@code clock} is null
   */
  public static LogParser autoDetect(Clock clock) {
    return new Detecting(all(clock), clock);
  }

  /**
   * Returns the id of the built-in format whose shape {@code line} has; the line need not record a
   * failure.
   *
   * @param line one log line, without its terminator
   * @return the format id, or empty when no built-in format matches
   * @throws NullPointerException if {@code line} is null
   */
  public static Optional<String> detect(String line) {
    requireNonNull(line, "line");
    return Optional.ofNullable(DETECTOR.match(line, Prefix.of(line, Clock.systemUTC())))
        .map(FormatParser::format);
  }

  /**
   * Returns the format most of {@code lines} have, if any has one: for telling a file's format from
   * its first lines.
   *
   * @param lines log lines; null elements are skipped
   * @return the id detected on the most lines (either one on a tie), or empty when none matches
   * @throws NullPointerException if {@code lines} is null
   */
  public static Optional<String> detect(Iterable<String> lines) {
    requireNonNull(lines, "lines");
    Map<String, Integer> votes = new HashMap<>();
    for (String line : lines) {
      if (line != null) {
        detect(line).ifPresent(f -> votes.merge(f, 1, Integer::sum));
      }
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** Returns true for a built-in parser, which is thread-safe. */
  static boolean builtIn(LogParser parser) {
    return parser instanceof FormatParser || parser instanceof Detecting;
  }

  /**
   * Returns true when {@code parser} reads nginx-stamped lines with {@code NginxParser}: the nginx
   * parser itself, or detection, which tries nginx first.
   */
  static boolean readsNginxFirst(LogParser parser) {
    return parser instanceof Detecting
        || parser instanceof FormatParser f && f.format().equals("nginx");
  }

  private static List<FormatParser> all(Clock clock) {
    requireNonNull(clock, "clock");
    return List.of(
        new NginxParser(clock),
        new ApacheParser(clock),
        new HaproxyParser(clock),
        new EnvoyParser(clock),
        new HerokuParser(clock),
        new GunicornParser(clock),
        new PhpFpmParser(clock),
        new KernelOomParser(clock),
        new VarnishParser(clock),
        new CaddyParser(clock),
        new TraefikParser(clock),
        new SquidParser(clock));
  }

  /** Tries each format's shape check in turn; the first that accepts the line parses it. */
  private static final class Detecting implements LogParser {
    private final FormatParser[] parsers;
    private final Clock clock;

    Detecting(List<FormatParser> parsers, Clock clock) {
      this.parsers = parsers.toArray(new FormatParser[0]);
      this.clock = clock;
    }

    @Override
    public Optional<LogFinding> parse(String line) {
      requireNonNull(line, "line");
      Prefix p = Prefix.of(line, clock);
      FormatParser match = match(line, p);
      return match == null ? Optional.empty() : match.parseAccepted(line, p);
    }

    @Nullable FormatParser match(String line, Prefix p) {
      for (FormatParser parser : parsers) {
        if (parser.accepts(line, p)) {
          return parser;
        }
      }
      return null;
    }
  }
}
