package dev.failsoft.diagnosis.logs;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.internal.Remedies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Accumulates findings into a {@link LogSummary} in bounded memory: at most {@code maxCauses}
 * distinct kind and upstream pairs are kept; later new pairs count under {@link
 * LogSummary#OTHER_UPSTREAMS} (one per kind). Not thread-safe: one per analysis.
 */
final class CauseCounter {
  private final int maxCauses;
  // first-seen order, so merging chunk counters in input order folds as one counter would
  private final Map<Key, Tally> tallies = new LinkedHashMap<>();
  private final Map<String, Long> formats = new HashMap<>();
  private final Map<FailureKind, Long> kinds = new EnumMap<>(FailureKind.class);
  private boolean folded;
  long lines;
  long failureLines;
  long unrecognizedLines;
  long oversizedLines;
  long parserErrors;

  CauseCounter(int maxCauses) {
    this.maxCauses = maxCauses;
  }

  void add(LogFinding f) {
    if (f.kind() == FailureKind.UNKNOWN) {
      unrecognizedLines++;
    } else {
      failureLines++;
    }
    formats.merge(f.format(), 1L, Long::sum);
    kinds.merge(f.kind(), 1L, Long::sum);
    Key key = new Key(f.kind(), f.upstream().orElse(LogSummary.NO_UPSTREAM));
    Tally t = tallies.get(key);
    if (t == null) {
      if (tallies.size() >= maxCauses) {
        folded = true;
        key = new Key(f.kind(), LogSummary.OTHER_UPSTREAMS);
        t = tallies.get(key);
      }
      if (t == null) {
        t = new Tally(f.responder());
        tallies.put(key, t);
      }
    }
    t.count++;
    f.time().ifPresent(t::seen);
  }

  /**
   * Adds the counts of {@code other}, a counter of the input that follows this one's. Pairs beyond
   * the limit fold as in {@link #add}; with more distinct pairs than the limit, which ones fold may
   * differ from reading the whole input with one counter.
   */
  void merge(CauseCounter other) {
    lines += other.lines;
    failureLines += other.failureLines;
    unrecognizedLines += other.unrecognizedLines;
    oversizedLines += other.oversizedLines;
    parserErrors += other.parserErrors;
    folded |= other.folded;
    other.formats.forEach((k, v) -> formats.merge(k, v, Long::sum));
    other.kinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
    other.tallies.forEach(
        (key, theirs) -> {
          Key k = key;
          Tally t = tallies.get(k);
          if (t == null && tallies.size() >= maxCauses) {
            folded = true;
            k = new Key(key.kind, LogSummary.OTHER_UPSTREAMS);
            t = tallies.get(k);
          }
          if (t == null) {
            t = new Tally(theirs.responder);
            tallies.put(k, t);
          }
          t.count += theirs.count;
          if (theirs.first != null) {
            t.seen(theirs.first);
          }
          if (theirs.last != null) {
            t.seen(theirs.last);
          }
        });
  }

  LogSummary summary(long bytesRead, int topRemedies) {
    List<LogSummary.Cause> causes = new ArrayList<>(tallies.size());
    tallies.forEach(
        (k, t) ->
            causes.add(
                new LogSummary.Cause(
                    k.kind,
                    k.upstream,
                    t.responder,
                    t.count,
                    Optional.ofNullable(t.first),
                    Optional.ofNullable(t.last))));
    causes.sort(
        Comparator.comparingLong(LogSummary.Cause::count)
            .reversed()
            .thenComparing(c -> c.kind().ordinal())
            .thenComparing(LogSummary.Cause::upstream));
    Map<FailureKind, List<String>> remedies = new EnumMap<>(FailureKind.class);
    for (LogSummary.Cause c : causes) {
      // the largest cause of each kind names the responder the remedies are looked up for
      if (!remedies.containsKey(c.kind())) {
        List<String> all =
            Objects.requireNonNullElse(
                Remedies.remedies(c.kind(), c.responder()), List.<String>of());
        remedies.put(c.kind(), List.copyOf(all.subList(0, Math.min(topRemedies, all.size()))));
      }
    }
    return new LogSummary(
        bytesRead,
        lines,
        failureLines,
        unrecognizedLines,
        oversizedLines,
        parserErrors,
        folded,
        formats,
        kinds,
        causes,
        remedies);
  }

  private record Key(FailureKind kind, String upstream) {
    Key {
      Objects.requireNonNull(upstream);
    }
  }

  private static final class Tally {
    final Responder responder;
    long count;
    @Nullable Instant first;
    @Nullable Instant last;

    Tally(Responder responder) {
      this.responder = responder;
    }

    void seen(Instant t) {
      if (first == null || t.isBefore(first)) {
        first = t;
      }
      if (last == null || t.isAfter(last)) {
        last = t;
      }
    }
  }
}
