package dev.failsoft.diagnosis.logs;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.internal.Json;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One upstream failure read from one log line: what failed ({@link FailureKind}), how far the
 * exchange got, which hop logged or produced it, between whom, and the line itself.
 *
 * <p>{@link #kind()} is {@link FailureKind#UNKNOWN} for a line that is plainly about an upstream
 * failure (an nginx {@code [error]} with an {@code upstream:} field, an Apache {@code proxy} error)
 * but words it in a way no parser knows; {@link LogAnalyzer} counts those apart.
 *
 * <p>{@link #toJson()} renders one JSON object per finding; names shared with {@code
 * Diagnosis.toJson()} mean the same thing:
 *
 * <pre>{@code
 * {"time":"2024-05-01T10:00:00Z","format":"nginx","kind":"connection_refused",
 *  "proxyStatus":"connection_refused","phase":"connect","responder":"nginx","status":502,
 *  "upstream":"10.0.0.5:8080","client":"203.0.113.7","request":"GET /api/orders HTTP/1.1",
 *  "evidence":[{"source":"log","detail":"connect() failed (111: Connection refused) ..."}],
 *  "line":"2024/05/01 10:00:00 [error] ..."}
 * }</pre>
 *
 * {@code time}, {@code proxyStatus}, {@code phase}, {@code status}, {@code upstream}, {@code
 * client} and {@code request} are {@code null} when the line does not tell. Field names never
 * change; new fields may be added.
 *
 * <p>Texts are bounded: {@code line} is cut to {@value #MAX_LINE} characters and the other texts to
 * {@value #MAX_FIELD}, so a finding from a hostile line stays small. Immutable and thread-safe.
 *
 * @param time when the line says the failure happened; a stamp without a zone is read in the
 *     parser's clock zone, one without a year in the clock's current year
 * @param format the id of the format that read the line ({@code nginx}, {@code haproxy}…)
 * @param responder the hop that logged or produced the failure
 * @param kind what failed
 * @param phase how far the exchange with the upstream got, when the line tells
 * @param upstream the upstream address or name ({@code 10.0.0.5:8080}, {@code be_app/app1}, {@code
 *     unix:/run/php/php8.1-fpm.sock}), when the line tells
 * @param client the client's IP address, when the line tells
 * @param request the request ({@code GET /api/orders HTTP/1.1} or method and path), when known
 * @param status the status the client got, when the line says or the failure implies it
 * @param evidence the matched text the classification rests on
 * @param line the raw line, cut to {@value #MAX_LINE} characters
 */
public record LogFinding(
    Optional<Instant> time,
    String format,
    Responder responder,
    FailureKind kind,
    Optional<Phase> phase,
    Optional<String> upstream,
    Optional<String> client,
    Optional<String> request,
    OptionalInt status,
    Evidence evidence,
    String line) {

  /** The longest raw line kept, in characters. */
  public static final int MAX_LINE = 2048;

  /** The longest upstream, client or request kept, in characters. */
  public static final int MAX_FIELD = 512;

  /**
   * Checks the components and cuts {@code line}, {@code upstream}, {@code client} and {@code
   * request} to their limits, never splitting a surrogate pair.
   *
   * @param time when the line says the failure happened; a stamp without a zone is read in the
   *     parser's clock zone, one without a year in the clock's current year
   * @param format the id of the format that read the line ({@code nginx}, {@code haproxy}…)
   * @param responder the hop that logged or produced the failure
   * @param kind what failed
   * @param phase how far the exchange with the upstream got, when the line tells
   * @param upstream the upstream address or name ({@code 10.0.0.5:8080}, {@code be_app/app1},
   *     {@code unix:/run/php/php8.1-fpm.sock}), when the line tells
   * @param client the client's IP address, when the line tells
   * @param request the request ({@code GET /api/orders HTTP/1.1} or method and path), when known
   * @param status the status the client got, when the line says or the failure implies it
   * @param evidence the matched text the classification rests on
   * @param line the raw line, cut to {@value #MAX_LINE} characters
   * @throws NullPointerException if a component is null
   */
  public LogFinding {
    requireNonNull(time, "time");
    requireNonNull(format, "format");
    requireNonNull(responder, "responder");
    requireNonNull(kind, "kind");
    requireNonNull(phase, "phase");
    requireNonNull(status, "status");
    requireNonNull(evidence, "evidence");
    upstream = requireNonNull(upstream, "upstream").map(LogFinding::field);
    client = requireNonNull(client, "client").map(LogFinding::field);
    request = requireNonNull(request, "request").map(LogFinding::field);
    line = cut(requireNonNull(line, "line"), MAX_LINE);
  }

  /**
   * Returns the RFC 9209 Proxy-Status error type of {@link #kind()}.
   *
   * @return the error type, or empty when the kind has none
   */
  public Optional<String> proxyStatus() {
    return kind.proxyStatus();
  }

  /**
   * Returns the JSON object described in the class documentation.
   *
   * @return one JSON object on one line
   */
  public String toJson() {
    Json.Writer w = Json.object();
    w.field("time", time.map(Instant::toString).orElse(null));
    w.field("format", format);
    w.field("kind", kind.id());
    w.field("proxyStatus", proxyStatus().orElse(null));
    w.field("phase", phase.map(Phase::id).orElse(null));
    w.field("responder", responder.id());
    w.field("status", status.isPresent() ? (Integer) status.getAsInt() : null);
    w.field("upstream", upstream.orElse(null));
    w.field("client", client.orElse(null));
    w.field("request", request.orElse(null));
    w.name("evidence").beginArray();
    w.beginObject().field("source", evidence.source()).field("detail", evidence.detail());
    w.endObject().endArray();
    w.field("line", line);
    return w.end();
  }

  private static String field(String value) {
    return cut(value, MAX_FIELD);
  }

  private static String cut(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    // never split a surrogate pair
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end);
  }
}
