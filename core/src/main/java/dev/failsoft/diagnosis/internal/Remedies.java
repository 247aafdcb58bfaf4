package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import java.util.List;

/** The catalogue of likely causes and concrete remedies per failure kind and responder. */
public final class Remedies {
  private Remedies() {}

  /** Returns likely causes of {@code kind} as seen at {@code responder}, most likely first. */
  public static List<String> causes(FailureKind kind, Responder responder) {
    return List.of();
  }

  /** Returns concrete remedies for {@code kind} at {@code responder}, most useful first. */
  public static List<String> remedies(FailureKind kind, Responder responder) {
    return List.of();
  }
}
