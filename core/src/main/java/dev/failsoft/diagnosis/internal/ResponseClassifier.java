package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.diagnosis.SignatureRule;
import java.util.List;
import java.util.Optional;

/** Attributes a failure response to the hop that produced it and classifies the failure. */
public final class ResponseClassifier {
  private ResponseClassifier() {}

  /** Classifies {@code sample}; {@code userRules} take precedence on a tie. Never throws. */
  public static Classification classify(ResponseSample sample, List<SignatureRule> userRules) {
    return new Classification(FailureKind.UNKNOWN, Optional.empty(), Responder.UNKNOWN,
        List.of(Evidence.of("status", String.valueOf(sample.status()))));
  }
}
