package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.util.List;
import java.util.Optional;

/**
 * What a classifier concluded before causes, remedies and the retry verdict are added.
 *
 * @param kind what failed
 * @param phase how far the exchange got, when the classifier could tell
 * @param responder which hop produced the failure
 * @param evidence the facts the conclusion rests on
 */
public record Classification(
    FailureKind kind, Optional<Phase> phase, Responder responder, List<Evidence> evidence) {

  public Classification {
    evidence = List.copyOf(evidence);
  }
}
