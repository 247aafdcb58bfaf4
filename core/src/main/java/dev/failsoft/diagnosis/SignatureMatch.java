package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link SignatureRule} recognised in a response: the hop that produced it, and when the
 * signature tells, the kind of failure and how far the hop's own exchange got.
 *
 * @param responder the hop that produced the response
 * @param kind the failure, when the signature tells it; otherwise it follows from the status
 * @param phase how far the hop's exchange with its upstream got, when the signature tells it
 * @param evidence the facts that matched, shown to the user
 * @param confidence 0 to 100: 100 for an unmistakable mark (a product's own header), around 50 for
 *     a shape several products share; 30 or less says only that the hop was on the path (a header
 *     it puts on every response), not that it wrote this response
 */
public record SignatureMatch(
    Responder responder,
    Optional<FailureKind> kind,
    Optional<Phase> phase,
    List<Evidence> evidence,
    int confidence) {

  /**
   * Checks the components and copies the evidence, which becomes unmodifiable.
   *
   * @param responder the hop that produced the response
   * @param kind the failure, when the signature tells it; otherwise it follows from the status
   * @param phase how far the hop's exchange with its upstream got, when the signature tells it
   * @param evidence the facts that matched, shown to the user
   * @param confidence 0 to 100: 100 for an unmistakable mark (a product's own header), around 50
   *     for a shape several products share; 30 or less says only that the hop was on the path (a
   *     header it puts on every response), not that it wrote this response
   * @throws NullPointerException if a component or an evidence element is null
   * @throws IllegalArgumentException if {@code confidence} is outside 0..100
   */
  public SignatureMatch {
    requireNonNull(responder, "responder");
    requireNonNull(kind, "kind");
    requireNonNull(phase, "phase");
    evidence = List.copyOf(requireNonNull(evidence, "evidence"));
    if (confidence < 0 || confidence > 100) {
      throw new IllegalArgumentException("confidence: " + confidence + " (expected: 0..100)");
    }
  }

  /**
   * Returns a match that names only the responder.
   *
   * @param responder the hop that produced the response
   * @param confidence 0 to 100, as for the record component
   * @param evidence the facts that matched
   * @return the match, with no kind and no phase
   * @throws NullPointerException if an argument or an evidence element is null
   * @throws IllegalArgumentException if {@code confidence} is outside 0..100
   */
  public static SignatureMatch of(Responder responder, int confidence, Evidence... evidence) {
    return new SignatureMatch(
        responder, Optional.empty(), Optional.empty(), List.of(evidence), confidence);
  }

  /**
   * Returns a copy that also names the kind of failure.
   *
   * @param failureKind the failure the signature tells
   * @return a new match; this one is unchanged
   * @throws NullPointerException if {@code failureKind} is null
   */
  public SignatureMatch withKind(FailureKind failureKind) {
    return new SignatureMatch(responder, Optional.of(failureKind), phase, evidence, confidence);
  }

  /**
   * Returns a copy that also names the phase the hop's exchange reached.
   *
   * @param reached how far the hop's exchange with its upstream got
   * @return a new match; this one is unchanged
   * @throws NullPointerException if {@code reached} is null
   */
  public SignatureMatch withPhase(Phase reached) {
    return new SignatureMatch(responder, kind, Optional.of(reached), evidence, confidence);
  }
}
