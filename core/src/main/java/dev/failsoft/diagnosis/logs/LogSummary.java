package dev.failsoft.diagnosis.logs;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LogAnalyzer} found in one input: line counts, the failures grouped by kind and
 * upstream with when each was first and last seen, and the most useful remedies per kind.
 *
 * <p>{@link #toJson()} renders (names shared with {@code Diagnosis.toJson()} mean the same):
 *
 * <pre>{@code
 * {"bytesRead":5230,"lines":24,"failureLines":21,"unrecognizedLines":1,"oversizedLines":0,
 *  "parserErrors":0,"upstreamsFolded":false,
 *  "formats":{"nginx":22},
 *  "kinds":{"connection_refused":4,"http_response_timeout":3},
 *  "causes":[{"kind":"connection_refused","proxyStatus":"connection_refused",
 *    "responder":"nginx","upstream":"10.0.0.5:8080","count":3,
 *    "firstSeen":"2024-05-01T10:00:00Z","lastSeen":"2024-05-01T10:01:06Z"}],
 *  "remedies":{"connection_refused":["..."]}}
 * }</pre>
 *
 * {@code causes} is sorted by count, largest first; {@code firstSeen}/{@code lastSeen} are null
 * when no line of that cause had a time. Field names never change; new fields may be added.
 * Immutable and thread-safe.
 *
 * @param bytesRead bytes read from the input (compressed bytes for a gzip input; characters for a
 *     {@link java.io.Reader})
 * @param lines lines read, including empty and oversized ones
 * @param failureLines lines that recorded a classified failure
 * @param unrecognizedLines lines about an upstream failure that no parser could classify ({@link
 *     FailureKind#UNKNOWN} findings)
 * @param oversizedLines lines longer than the analyzer's line limit; only their start was parsed
 * @param parserErrors lines on which a user's parser threw
 * @param upstreamsFolded true when more distinct kind and upstream pairs appeared than the analyzer
 *     keeps, so the rest were counted under {@link #OTHER_UPSTREAMS}
 * @param formats findings per format id
 * @param kinds findings per kind
 * @param causes findings per kind and upstream, largest first
 * @param remedies up to {@value LogAnalyzer#TOP_REMEDIES} remedies per kind, most useful first
 */
public record LogSummary(
    long bytesRead,
    long lines,
    long failureLines,
    long unrecognizedLines,
    long oversizedLines,
    long parserErrors,
    boolean upstreamsFolded,
    Map<String, Long> formats,
    Map<FailureKind, Long> kinds,
    List<Cause> causes,
    Map<FailureKind, List<String>> remedies) {

  /** The upstream of findings that named none. */
  public static final String NO_UPSTREAM = "-";

  /** The upstream under which pairs beyond the analyzer's limit are counted. */
  public static final String OTHER_UPSTREAMS = "(other)";

  /**
   * Copies the maps and the list, which become unmodifiable.
   *
   * @param bytesRead bytes read from the input (compressed bytes for a gzip input; characters for a
   *     {@link java.io.Reader})
   * @param lines lines read, including empty and oversized ones
   * @param failureLines lines that recorded a classified failure
   * @param unrecognizedLines lines about an upstream failure that no parser could classify ({@link
   *     FailureKind#UNKNOWN} findings)
   * @param oversizedLines lines longer than the analyzer's line limit; only their start was parsed
   * @param parserErrors lines on which a user's parser threw
   * @param upstreamsFolded true when more distinct kind and upstream pairs appeared than the
   *     analyzer keeps, so the rest were counted under {@link #OTHER_UPSTREAMS}
   * @param formats findings per format id
   * @param kinds findings per kind
   * @param causes findings per kind and upstream, largest first
   * @param remedies up to {@value LogAnalyzer#TOP_REMEDIES} remedies per kind, most useful first
   * @throws NullPointerException if a map or the list, or any key, value or element, is null
   */
  public LogSummary {
    formats = Map.copyOf(requireNonNull(formats, "formats"));
    kinds = Map.copyOf(requireNonNull(kinds, "kinds"));
    causes = List.copyOf(requireNonNull(causes, "causes"));
    remedies = Map.copyOf(requireNonNull(remedies, "remedies"));
  }

  /**
   * One kind of failure at one upstream.
   *
   * @param kind what failed
   * @param upstream the upstream, {@link #NO_UPSTREAM} or {@link #OTHER_UPSTREAMS}
   * @param responder the hop named by the first finding of this pair
   * @param count how many lines recorded it
   * @param firstSeen the earliest time among those lines, when any had one
   * @param lastSeen the latest time among those lines, when any had one
   */
  public record Cause(
      FailureKind kind,
      String upstream,
      Responder responder,
      long count,
      Optional<Instant> firstSeen,
      Optional<Instant> lastSeen) {
    /**
     * Checks the components.
     *
     * @param kind what failed
     * @param upstream the upstream, {@link #NO_UPSTREAM} or {@link #OTHER_UPSTREAMS}
     * @param responder the hop named by the first finding of this pair
     * @param count how many lines recorded it
     * @param firstSeen the earliest time among those lines, when any had one
     * @param lastSeen the latest time among those lines, when any had one
     * @throws NullPointerException if a reference component is null
     */
    public Cause {
      requireNonNull(kind, "kind");
      requireNonNull(upstream, "upstream");
      requireNonNull(responder, "responder");
      requireNonNull(firstSeen, "firstSeen");
      requireNonNull(lastSeen, "lastSeen");
    }
  }

  /**
   * Returns the JSON object described in the class documentation; map entries are sorted by key.
   *
   * @return one JSON object on one line
   */
  public String toJson() {
    Json.Writer w = Json.object();
    w.field("bytesRead", bytesRead).field("lines", lines).field("failureLines", failureLines);
    w.field("unrecognizedLines", unrecognizedLines).field("oversizedLines", oversizedLines);
    w.field("parserErrors", parserErrors).field("upstreamsFolded", upstreamsFolded);
    w.name("formats").beginObject();
    formats.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> w.field(e.getKey(), e.getValue()));
    w.endObject();
    w.name("kinds").beginObject();
    kinds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> w.field(e.getKey().id(), e.getValue()));
    w.endObject();
    w.name("causes").beginArray();
    for (Cause c : causes) {
      w.beginObject().field("kind", c.kind().id());
      w.field("proxyStatus", c.kind().proxyStatus().orElse(null));
      w.field("responder", c.responder().id()).field("upstream", c.upstream());
      w.field("count", c.count());
      w.field("firstSeen", c.firstSeen().map(Instant::toString).orElse(null));
      w.field("lastSeen", c.lastSeen().map(Instant::toString).orElse(null));
      w.endObject();
    }
    w.endArray();
    w.name("remedies").beginObject();
    remedies.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> w.stringArray(e.getKey().id(), e.getValue()));
    w.endObject();
    return w.end();
  }
}
