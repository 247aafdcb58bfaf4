package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import dev.failsoft.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong with one upstream exchange, and what to do about it.
 *
 * <p>A diagnosis names what failed ({@link #kind()}), how far the exchange got ({@link #phase()}),
 * which hop produced the failure ({@link #responder()}) and the facts that show it ({@link
 * #evidence()}); then the likely causes, most likely first, the concrete remedies for that hop, and
 * whether a retry is safe and useful ({@link #retryable()}, with {@link #retryReason()}). Diagnoses
 * are immutable and thread-safe; {@link Diagnoser} makes them.
 *
 * <p>{@link #toJson()} renders the stable JSON form the CLI and logs share:
 *
 * <pre>{@code
 * {"kind":"connection_refused","proxyStatus":"connection_refused","phase":"connect",
 *  "responder":"client","status":null,"evidence":[{"source":"exception","detail":"..."}],
 *  "causes":["..."],"remedies":["..."],"retryable":true,
 *  "retryReason":"safe: the request never left (failed during connect)",
 *  "retryAfterSeconds":null}
 * }</pre>
 *
 * Field names never change; new fields may be added. {@code proxyStatus}, {@code status} and {@code
 * retryAfterSeconds} are {@code null} when they do not apply.
 *
 * @param kind what failed
 * @param phase how far the exchange got
 * @param responder which hop produced the failure
 * @param status the response status, when the failure is a response
 * @param evidence the observed facts the diagnosis rests on
 * @param causes likely causes, most likely first
 * @param remedies concrete things to check or change, most useful first
 * @param retrySafety whether repeating the request is safe, and why
 * @param retryable true when a retry is both safe and may help
 * @param retryReason one sentence saying why a retry is or is not advised
 * @param retryAfter the delay the upstream asked for (Retry-After), when it gave one
 */
public record Diagnosis(
    FailureKind kind,
    Phase phase,
    Responder responder,
    OptionalInt status,
    List<Evidence> evidence,
    List<String> causes,
    List<String> remedies,
    RetrySafety retrySafety,
    boolean retryable,
    String retryReason,
    Optional<Duration> retryAfter) {

  /**
   * Checks the components and copies the lists, which become unmodifiable.
   *
   * @param kind what failed
   * @param phase how far the exchange got
   * @param responder which hop produced the failure
   * @param status the response status, when the failure is a response
   * @param evidence the observed facts the diagnosis rests on
   * @param causes likely causes, most likely first
   * @param remedies concrete things to check or change, most useful first
   * @param retrySafety whether repeating the request is safe, and why
   * @param retryable true when a retry is both safe and may help
   * @param retryReason one sentence saying why a retry is or is not advised
   * @param retryAfter the delay the upstream asked for (Retry-After), when it gave one
   * @throws NullPointerException if a component, or an element of a list, is null
   */
  public Diagnosis {
    requireNonNull(kind, "kind");
    requireNonNull(phase, "phase");
    requireNonNull(responder, "responder");
    requireNonNull(status, "status");
    evidence = List.copyOf(requireNonNull(evidence, "evidence"));
    causes = List.copyOf(requireNonNull(causes, "causes"));
    remedies = List.copyOf(requireNonNull(remedies, "remedies"));
    requireNonNull(retrySafety, "retrySafety");
    requireNonNull(retryReason, "retryReason");
    requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * Returns a builder for a diagnosis of {@code kind}; see {@link Builder} for the defaults.
   *
   * @param kind what failed
   * @return a new builder
   * @throws NullPointerException if {@code kind} is null
   */
  public static Builder builder(FailureKind kind) {
    return new Builder(kind);
  }

  /**
   * Returns the diagnosis of a call that a circuit breaker refused: nothing was sent, so it is safe
   * to send again later, but not now. The one circuit-open diagnosis every adapter reports.
   *
   * @param key what the breaker guards, such as {@code host:port} or a route pattern
   * @param heldByRetryAfter true when the breaker holds the upstream back after its {@code
   *     Retry-After} rather than after failures
   * @return a {@link FailureKind#DESTINATION_UNAVAILABLE} diagnosis in phase {@link Phase#CONNECT}
   *     from {@link Responder#CLIENT}
   * @throws NullPointerException if {@code key} is null
   */
  public static Diagnosis circuitOpen(String key, boolean heldByRetryAfter) {
    requireNonNull(key, "key");
    return builder(FailureKind.DESTINATION_UNAVAILABLE)
        .phase(Phase.CONNECT)
        .responder(Responder.CLIENT)
        .evidence(
            Evidence.of(
                "circuit",
                "the circuit breaker for "
                    + key
                    + " is "
                    + (heldByRetryAfter ? "holding the host back after a Retry-After" : "open")))
        .retrySafety(RetrySafety.NOT_SENT)
        .retryable(false, "fail fast: the circuit for " + key + " is open")
        .build();
  }

  /**
   * Returns the diagnosis of a response that did not begin within a soft deadline: the upstream may
   * still answer, but the client is no longer kept waiting.
   *
   * @param deadline the deadline that passed
   * @return a {@link FailureKind#HTTP_RESPONSE_TIMEOUT} diagnosis in phase {@link
   *     Phase#RESPONSE_HEADERS}
   * @throws NullPointerException if {@code deadline} is null
   */
  public static Diagnosis softDeadlinePassed(Duration deadline) {
    requireNonNull(deadline, "deadline");
    return builder(FailureKind.HTTP_RESPONSE_TIMEOUT)
        .phase(Phase.RESPONSE_HEADERS)
        .evidence(Evidence.of("deadline", "no answer within the soft deadline of " + deadline))
        .build();
  }

  /**
   * Returns a builder holding this diagnosis's values, to derive a changed copy. The retry verdict
   * and reason are carried over as explicit, so changing the phase or safety does not re-derive
   * them; call {@link Builder#retryable} to set them anew.
   *
   * @return a new builder; this diagnosis is unchanged
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind).phase(phase).responder(responder).retrySafety(retrySafety);
    status.ifPresent(b::status);
    retryAfter.ifPresent(b::retryAfter);
    b.evidence.addAll(evidence);
    b.causes.addAll(causes);
    b.remedies.addAll(remedies);
    b.retryable = retryable;
    b.retryReason = retryReason;
    return b;
  }

  /**
   * Returns the RFC 9209 Proxy-Status error type of the kind.
   *
   * @return {@link FailureKind#proxyStatus()} of {@link #kind()}
   */
  public Optional<String> proxyStatus() {
    return kind.proxyStatus();
  }

  /**
   * Returns a one-line summary for a log line, for example {@code 502 from nginx:
   * connection_refused during connect — likely ... (retryable)}.
   *
   * @return the summary, without a line break (unless a cause holds one)
   */
  public String summary() {
    StringBuilder s = new StringBuilder();
    status.ifPresent(code -> s.append(code).append(" from "));
    s.append(status.isPresent() ? responder.id() : "failure at " + responder.id())
        .append(": ")
        .append(kind.id())
        .append(" during ")
        .append(phase.id());
    if (!causes.isEmpty()) {
      s.append(" — likely ").append(causes.get(0));
    }
    s.append(retryable ? " (retryable)" : " (not retryable)");
    return s.toString();
  }

  /**
   * Returns a readable multi-line report: summary, evidence, causes, remedies, retry verdict.
   *
   * @return the report, each line ending in LF
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(summary()).append('\n');
    s.append("  responder: ")
        .append(responder.product())
        .append(" (")
        .append(responder.id())
        .append(")\n");
    proxyStatus().ifPresent(p -> s.append("  proxy-status: ").append(p).append('\n'));
    for (Evidence e : evidence) {
      s.append("  evidence: ").append(e).append('\n');
    }
    for (int i = 0; i < causes.size(); i++) {
      s.append("  cause ").append(i + 1).append(": ").append(causes.get(i)).append('\n');
    }
    for (String r : remedies) {
      s.append("  remedy: ").append(r).append('\n');
    }
    s.append("  retry: ").append(retryable ? "yes" : "no").append(" — ").append(retryReason);
    retryAfter.ifPresent(d -> s.append(" (Retry-After ").append(d.toSeconds()).append(" s)"));
    return s.append('\n').toString();
  }

  /**
   * Returns the stable JSON rendering described in the class documentation.
   *
   * @return one JSON object on one line
   */
  public String toJson() {
    Json.Writer w = Json.object();
    w.field("kind", kind.id());
    w.field("proxyStatus", proxyStatus().orElse(null));
    w.field("phase", phase.id());
    w.field("responder", responder.id());
    w.field("status", status.isPresent() ? (Integer) status.getAsInt() : null);
    w.name("evidence").beginArray();
    for (Evidence e : evidence) {
      w.beginObject().field("source", e.source()).field("detail", e.detail()).endObject();
    }
    w.endArray();
    w.stringArray("causes", causes);
    w.stringArray("remedies", remedies);
    w.field("retryable", retryable);
    w.field("retryReason", retryReason);
    w.field("retryAfterSeconds", retryAfter.map(d -> (Object) d.toSeconds()).orElse(null));
    return w.end();
  }

  /**
   * Builds a {@link Diagnosis}. Defaults: phase {@link Phase#RESPONSE_HEADERS}, responder {@link
   * Responder#UNKNOWN}, no status, no evidence, causes or remedies, retry safety {@link
   * RetrySafety#REQUEST_UNKNOWN}; {@code retryable} and {@code retryReason}, unless set, follow
   * from the retry safety and {@link FailureKind#isTransient()}. Not thread-safe.
   */
  public static final class Builder {
    private final FailureKind kind;
    private Phase phase = Phase.RESPONSE_HEADERS;
    private Responder responder = Responder.UNKNOWN;
    private OptionalInt status = OptionalInt.empty();
    private final List<Evidence> evidence = new ArrayList<>();
    private final List<String> causes = new ArrayList<>();
    private final List<String> remedies = new ArrayList<>();
    private RetrySafety retrySafety = RetrySafety.REQUEST_UNKNOWN;
    private @Nullable Boolean retryable;
    private @Nullable String retryReason;
    private @Nullable Duration retryAfter;

    private Builder(FailureKind kind) {
      this.kind = requireNonNull(kind, "kind");
    }

    /**
     * Sets how far the exchange got. Default: {@link Phase#RESPONSE_HEADERS}.
     *
     * @param phase the phase reached
     * @return this builder
     * @throws NullPointerException if {@code phase} is null
     */
    public Builder phase(Phase phase) {
      this.phase = requireNonNull(phase, "phase");
      return this;
    }

    /**
     * Sets which hop produced the failure. Default: {@link Responder#UNKNOWN}.
     *
     * @param responder the hop
     * @return this builder
     * @throws NullPointerException if {@code responder} is null
     */
    public Builder responder(Responder responder) {
      this.responder = requireNonNull(responder, "responder");
      return this;
    }

    /**
     * Sets the response status. Default: none (the failure was an exception).
     *
     * @param status the status code; not checked
     * @return this builder
     */
    public Builder status(int status) {
      this.status = OptionalInt.of(status);
      return this;
    }

    /**
     * Adds a fact the diagnosis rests on, after those already added.
     *
     * @param fact the fact
     * @return this builder
     * @throws NullPointerException if {@code fact} is null
     */
    public Builder evidence(Evidence fact) {
      evidence.add(requireNonNull(fact, "fact"));
      return this;
    }

    /**
     * Adds facts the diagnosis rests on, after those already added.
     *
     * @param facts the facts, in order
     * @return this builder
     * @throws NullPointerException if the list or an element is null (elements before it are kept)
     */
    public Builder evidence(List<Evidence> facts) {
      facts.forEach(this::evidence);
      return this;
    }

    /**
     * Adds likely causes, after those already added.
     *
     * @param more the causes, most likely first
     * @return this builder
     * @throws NullPointerException if the list or an element is null (elements before it are kept)
     */
    public Builder causes(List<String> more) {
      more.forEach(c -> causes.add(requireNonNull(c, "cause")));
      return this;
    }

    /**
     * Adds remedies, after those already added.
     *
     * @param more the remedies, most useful first
     * @return this builder
     * @throws NullPointerException if the list or an element is null (elements before it are kept)
     */
    public Builder remedies(List<String> more) {
      more.forEach(r -> remedies.add(requireNonNull(r, "remedy")));
      return this;
    }

    /**
     * Sets whether a retry is safe. Default: {@link RetrySafety#REQUEST_UNKNOWN}.
     *
     * @param safety the retry safety
     * @return this builder
     * @throws NullPointerException if {@code safety} is null
     */
    public Builder retrySafety(RetrySafety safety) {
      this.retrySafety = requireNonNull(safety, "safety");
      return this;
    }

    /**
     * Overrides the derived retry verdict with an explicit one and its reason. Default: derived,
     * retryable when the safety is safe and the kind transient.
     *
     * @param retryable whether a retry is advised
     * @param reason one sentence saying why
     * @return this builder
     * @throws NullPointerException if {@code reason} is null
     */
    public Builder retryable(boolean retryable, String reason) {
      this.retryable = retryable;
      this.retryReason = requireNonNull(reason, "reason");
      return this;
    }

    /**
     * Sets the delay the upstream asked for. Default: none.
     *
     * @param delay the delay, zero or more
     * @return this builder
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder retryAfter(Duration delay) {
      requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("retryAfter: " + delay + " (expected: >= 0)");
      }
      this.retryAfter = delay;
      return this;
    }

    /**
     * Returns the diagnosis; the builder may be changed and built again.
     *
     * @return an immutable diagnosis
     */
    public Diagnosis build() {
      boolean verdict;
      String reason;
      if (retryable != null) {
        verdict = retryable;
        reason = retryReason != null ? retryReason : RetryReasons.explain(kind, phase, retrySafety);
      } else {
        verdict = retrySafety.isSafe() && kind.isTransient();
        reason = RetryReasons.explain(kind, phase, retrySafety);
      }
      return new Diagnosis(
          kind,
          phase,
          responder,
          status,
          evidence,
          causes,
          remedies,
          retrySafety,
          verdict,
          reason,
          Optional.ofNullable(retryAfter));
    }
  }
}
