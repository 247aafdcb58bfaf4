package dev.failsoft.diagnosis.logs.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.logs.LogFinding;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** A finding being assembled by a parser; unset fields stay absent. Not thread-safe. */
public final class Draft {
  private final String format;
  private Responder responder;
  private FailureKind kind;
  private Phase phase;
  private Instant time;
  private String upstream;
  private String client;
  private String request;
  private int status = -1;
  private String evidence;

  public Draft(String format, Responder responder) {
    this.format = format;
    this.responder = responder;
  }

  public Draft kind(FailureKind kind) {
    this.kind = kind;
    return this;
  }

  public Draft kind(FailureKind kind, Phase phase) {
    this.kind = kind;
    this.phase = phase;
    return this;
  }

  public FailureKind kind() {
    return kind;
  }

  public Draft phase(Phase phase) {
    this.phase = phase;
    return this;
  }

  public Draft responder(Responder responder) {
    this.responder = responder;
    return this;
  }

  public Draft time(Instant time) {
    this.time = time;
    return this;
  }

  public Draft upstream(String upstream) {
    this.upstream = Scan.field(upstream);
    return this;
  }

  public Draft client(String client) {
    this.client = Scan.field(client);
    return this;
  }

  public Draft request(String request) {
    this.request = Scan.field(request);
    return this;
  }

  /** Sets the status; values outside 100..999 are dropped. */
  public Draft status(int status) {
    this.status = status >= 100 && status <= 999 ? status : -1;
    return this;
  }

  /** Sets the status when none is set yet. */
  public Draft statusIfAbsent(int status) {
    return this.status < 0 ? status(status) : this;
  }

  public Draft evidence(String evidence) {
    this.evidence = evidence;
    return this;
  }

  /** Returns the finding, or null when no kind was decided (not a failure line). */
  public LogFinding build(String line) {
    if (kind == null) {
      return null;
    }
    return new LogFinding(
        Optional.ofNullable(time),
        format,
        responder,
        kind,
        Optional.ofNullable(phase),
        Optional.ofNullable(upstream),
        Optional.ofNullable(client),
        Optional.ofNullable(request),
        status < 0 ? OptionalInt.empty() : OptionalInt.of(status),
        Evidence.of("log", evidence == null || evidence.isBlank() ? line : evidence),
        line);
  }
}
